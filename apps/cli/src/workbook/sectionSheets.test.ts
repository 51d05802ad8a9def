import { parseScenario } from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import { loadExcel } from "@3c/workbooks";
import { describe, expect, it } from "vitest";
import { CliError } from "../CliError.js";
import { readWorkbook } from "./readWorkbook.js";
import { writeTemplate } from "./writeTemplate.js";

describe("the section sheets of the workbook", () => {
  it("takes the demo to a workbook and back to the same scenario", async () => {
    const bytes = await writeTemplate(demoScenarioDocument);
    const read = await readWorkbook(bytes, "demo.xlsx");
    const before = parseScenario(demoScenarioDocument);
    const after = parseScenario(read.document);
    expect(after.ok).toBe(true);
    expect(before.ok).toBe(true);
    if (!before.ok || !after.ok) return;
    expect(after.value).toEqual(before.value);
    // The sections came from their own sheets, not from somewhere else.
    const doc = read.document as Record<string, unknown[]>;
    expect(doc.outages?.length).toBe(demoScenarioDocument.outages?.length);
    expect(doc.measurements?.length).toBe(demoScenarioDocument.measurements?.length);
  });

  it("names the sheet, row and column of a cell it cannot read", async () => {
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeTemplate(demoScenarioDocument)) as unknown as ArrayBuffer);
    const outages = wb.getWorksheet("outages");
    const targets = wb.getWorksheet("KPI targets");
    if (outages === undefined || targets === undefined) throw new Error("sheets missing");
    outages.getCell("H3").value = "CCC=many; HDC";
    targets.getCell("A2").value = "NO-SUCH-KPI";
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const error = await readWorkbook(bytes, "bad.xlsx").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).issues).toEqual([
      {
        path: 'bad.xlsx: sheet "outages", row 3, column H (partners)',
        message: "many is not a whole number of users",
      },
      {
        path: 'bad.xlsx: sheet "outages", row 3, column H (partners)',
        message: '"HDC" is not partner=users; expected e.g. CCC=1280; HDC=890',
      },
      {
        path: 'bad.xlsx: sheet "KPI targets", row 2, column A (kpi)',
        message: 'unknown KPI "NO-SUCH-KPI"; expected a code on the sheet KPIs',
      },
    ]);
  });

  it("locates a domain problem in a section at its sheet, row and column", async () => {
    const doc = {
      ...demoScenarioDocument,
      budgets: (demoScenarioDocument.budgets ?? []).map((b, i) => (i === 1 ? { ...b, amount: "12.345" } : b)),
    };
    const read = await readWorkbook(await writeTemplate(doc), "b.xlsx");
    expect(read.locate("budgets[1].amount")).toBe('b.xlsx: sheet "budgets", row 3, column D (amount)');
    expect(read.locate("savings.baselines[2].indexation")).toBe(
      'b.xlsx: sheet "baselines", row 4, column E (indexation)',
    );
    expect(read.locate("kpis[0].targets[0].value")).toBe('b.xlsx: sheet "KPI targets", row 2, column D (value)');
    expect(read.locate("outageCost.rate")).toBe('b.xlsx: sheet "outage cost", row 2, column B (rate)');
  });

  it("reads a calendar's changes of hours from the calendars sheet's changes column into the scenario", async () => {
    const [office, ...rest] = demoScenarioDocument.calendars ?? [];
    if (office === undefined) throw new Error("the demo has a calendar");
    const { id: _id, services: _services, ...hours } = office;
    const changes = [{ ...hours, effectiveFrom: "2025-04-01", to: "17:00", bankHolidays: [] }];
    const doc = { ...demoScenarioDocument, calendars: [{ ...office, changes }, ...rest] };
    const read = await readWorkbook(await writeTemplate(doc), "c.xlsx");
    expect((read.document as { calendars: unknown[] }).calendars[0]).toEqual({ ...office, changes });
    const parsed = parseScenario(read.document);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.value.availability?.calendars.ICT?.changes?.map((c) => [c.effectiveFrom, "to" in c && c.to])).toEqual(
      [["2025-04-01", "17:00"]],
    );
    expect(read.locate("calendars[0].changes[0].effectiveFrom")).toBe(
      'c.xlsx: sheet "calendars", row 2, column I (changes)',
    );
  });

  it("carries a KPI's renamings in the KPIs sheet's names column, and reads a workbook without that column", async () => {
    const names = [{ from: "2025/26", name: "Litigation matters concluded successfully" }];
    const doc = {
      ...demoScenarioDocument,
      kpis: (demoScenarioDocument.kpis ?? []).map((k) => (k.code === "LEGAL-KPI-1" ? { ...k, names } : k)),
    };
    const at = (doc.kpis ?? []).findIndex((k) => k.code === "LEGAL-KPI-1");
    const bytes = await writeTemplate(doc);
    const read = await readWorkbook(bytes, "n.xlsx");
    expect((read.document as { kpis: { names?: unknown }[] }).kpis[at]?.names).toEqual(names);
    expect(read.locate(`kpis[${at}].names`)).toBe(`n.xlsx: sheet "KPIs", row ${at + 2}, column C (names)`);
    const parsed = parseScenario(read.document);
    expect(parsed.ok && parsed.value.kpis?.[at]?.names).toEqual(names);

    // A workbook written before the column existed: the KPIs sheet without it reads as before.
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeTemplate(demoScenarioDocument)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("KPIs");
    if (sheet === undefined) throw new Error("sheet missing");
    expect(sheet.getRow(1).getCell(3).value).toBe("names");
    sheet.spliceColumns(3, 1);
    const old = await readWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()), "old.xlsx");
    const before = parseScenario(demoScenarioDocument);
    const after = parseScenario(old.document);
    expect(after.ok && before.ok && after.value).toEqual(before.ok && before.value);
  });
});
