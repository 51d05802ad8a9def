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
});
