import { parseScenario, type ScenarioDocument } from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import { loadExcel } from "@3c/workbooks";
import { describe, expect, it } from "vitest";
import { CliError } from "../CliError.js";
import { validateDocument } from "../input/loadScenario.js";
import { readWorkbook } from "./readWorkbook.js";
import { writeTemplate } from "./writeTemplate.js";

/** The demo with hand-overs: ICT (led by HDC) to CCC from 1 October 2024, and any others given. */
function handedOver(more: Readonly<Record<string, ScenarioDocument["services"][number]["handovers"]>> = {}) {
  const extra: Record<string, ScenarioDocument["services"][number]["handovers"]> = {
    ICT: [{ effectiveFrom: "2024-10-01", lead: "CCC" }],
    ...more,
  };
  return {
    ...demoScenarioDocument,
    services: demoScenarioDocument.services.map((s) =>
      extra[s.id] === undefined ? s : { ...s, handovers: extra[s.id] },
    ),
  } as ScenarioDocument;
}

/** The workbook of a document, with `edit` applied to its cells. */
async function edited(doc: ScenarioDocument, edit: (wb: import("exceljs").Workbook) => void): Promise<Uint8Array> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeTemplate(doc)) as unknown as ArrayBuffer);
  edit(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function problems(bytes: Uint8Array, file: string) {
  let error: unknown;
  try {
    validateDocument(await readWorkbook(bytes, file), file);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CliError);
  return (error as CliError).issues;
}

describe("the handovers sheet of the workbook", () => {
  it("takes the demo with the ICT hand-over to a workbook and back to the same document", async () => {
    const doc = handedOver();
    const read = await readWorkbook(await writeTemplate(doc), "ict.xlsx");
    const services = (read.document as ScenarioDocument).services;
    expect(services).toEqual(doc.services);
    expect(services.find((s) => s.id === "ICT")?.handovers).toEqual([{ effectiveFrom: "2024-10-01", lead: "CCC" }]);
    // Services without a hand-over get no empty list: the document is the one written.
    expect(services.find((s) => s.id === "BC")).not.toHaveProperty("handovers");
    const before = parseScenario(doc);
    const after = parseScenario(read.document);
    expect(after).toEqual(before);
  });

  it("keeps several hand-overs of a service in their order, each with its own service", async () => {
    const doc = handedOver({
      ICT: [
        { effectiveFrom: "2024-07-01", lead: "CCC" },
        { effectiveFrom: "2025-01-01", lead: "SCDC" },
      ],
      LEGAL: [{ effectiveFrom: "2024-12-01", lead: "HDC" }],
    });
    const bytes = await writeTemplate(doc);
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("handovers");
    const values: unknown[] = [];
    sheet?.eachRow((row) => {
      values.push((row.values as unknown[]).slice(1));
    });
    expect(values).toEqual([
      ["service", "effectiveFrom", "lead"],
      ["ICT", "2024-07-01", "CCC"],
      ["ICT", "2025-01-01", "SCDC"],
      ["LEGAL", "2024-12-01", "HDC"],
    ]);
    expect((await readWorkbook(bytes, "two.xlsx")).document).toEqual(doc);
  });

  it("reads a workbook made before the sheet existed as services without hand-overs", async () => {
    const bytes = await edited(demoScenarioDocument, (wb) => {
      const sheet = wb.getWorksheet("handovers");
      if (sheet === undefined) throw new Error("no handovers sheet");
      wb.removeWorksheet(sheet.id);
    });
    expect((await readWorkbook(bytes, "old.xlsx")).document).toEqual(
      (await readWorkbook(await writeTemplate(demoScenarioDocument), "new.xlsx")).document,
    );
  });

  it("is in the blank template with its heading and a note on what to enter", async () => {
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeTemplate()) as unknown as ArrayBuffer);
    const head = wb.getWorksheet("handovers")?.getRow(1);
    expect([head?.getCell(1).value, head?.getCell(2).value, head?.getCell(3).value]).toEqual([
      "service",
      "effectiveFrom",
      "lead",
    ]);
    expect(JSON.stringify(head?.getCell(2).note)).toContain("first day of a month");
  });

  it("names the sheet, row and column of a hand-over it cannot take, and what was expected", async () => {
    const bytes = await edited(handedOver({ LEGAL: [{ effectiveFrom: "2024-12-01", lead: "HDC" }] }), (wb) => {
      const ws = wb.getWorksheet("handovers");
      if (ws === undefined) throw new Error("no handovers sheet");
      ws.getCell("B2").value = "2024-10-15"; // ICT: not the first of a month
      ws.getCell("C3").value = "XYZ"; // LEGAL: no such partner
      ws.addRow(["HR", "2024-10-01", "CCC"]); // no such service
    });
    expect(await problems(bytes, "bad.xlsx")).toEqual([
      {
        path: 'bad.xlsx: sheet "handovers", row 4, column A (service)',
        message: 'unknown service "HR"; expected an id on the sheet services',
      },
    ]);
    const fixed = await edited(handedOver({ LEGAL: [{ effectiveFrom: "2024-12-01", lead: "HDC" }] }), (wb) => {
      const ws = wb.getWorksheet("handovers");
      if (ws === undefined) throw new Error("no handovers sheet");
      ws.getCell("B2").value = "2024-10-15";
      ws.getCell("C3").value = "XYZ";
    });
    expect(await problems(fixed, "bad.xlsx")).toEqual([
      {
        path: 'bad.xlsx: sheet "handovers", row 2, column B (effectiveFrom)',
        message: "2024-10-15 is not the first day of a month",
      },
      { path: 'bad.xlsx: sheet "handovers", row 3, column C (lead)', message: 'unknown partner "XYZ"' },
    ]);
  });
});

describe("a date pasted as a number into a date column", () => {
  it("names the cell, the date Excel meant by the number and the form expected, on any date column", async () => {
    const bytes = await edited(demoScenarioDocument, (wb) => {
      const lines = wb.getWorksheet("cost lines");
      const rules = wb.getWorksheet("rules");
      if (lines === undefined || rules === undefined) throw new Error("no sheet");
      lines.getCell("D2").value = 45596; // the cell is text-formatted; the paste kept Excel's number
      rules.getCell("D3").value = 45383;
    });
    expect(await problems(bytes, "bad.xlsx")).toEqual([
      {
        path: 'bad.xlsx: sheet "rules", row 3, column D (effectiveFrom)',
        message:
          "holds the number 45383, which is how Excel stores the date 2024-04-01; expected a date as text, YYYY-MM-DD (type 2024-04-01, or format the cell as a date)",
      },
      {
        path: 'bad.xlsx: sheet "cost lines", row 2, column D (date)',
        message:
          "holds the number 45596, which is how Excel stores the date 2024-10-31; expected a date as text, YYYY-MM-DD (type 2024-10-31, or format the cell as a date)",
      },
    ]);
  });

  it("still reads a cell formatted as a date, and leaves numbers in other columns alone", async () => {
    const bytes = await edited(demoScenarioDocument, (wb) => {
      const lines = wb.getWorksheet("cost lines");
      if (lines === undefined) throw new Error("no sheet");
      lines.getCell("D2").value = new Date(Date.UTC(2024, 3, 30));
      // A style of its own: the template's cells share theirs.
      lines.getCell("D2").style = { ...lines.getCell("D2").style, numFmt: "yyyy-mm-dd" };
      lines.getCell("E2").value = 45596; // an amount of £45,596
    });
    const read = await readWorkbook(bytes, "ok.xlsx");
    expect((read.document as ScenarioDocument).costLines?.[0]).toMatchObject({ date: "2024-04-30", amount: "45596" });
  });
});

describe("the rules sheet of the workbook", () => {
  it("names the rule's row and basis column when a two-stage rest shares with its first partner", async () => {
    const doc = {
      ...demoScenarioDocument,
      rules: demoScenarioDocument.rules.map((r) =>
        r.id === "bc-accommodation-v1" && r.basis.kind === "two-stage"
          ? { ...r, basis: { ...r.basis, rest: { ...r.basis.rest, among: ["CCC", "HDC", "SCDC"] } } }
          : r,
      ),
    } as ScenarioDocument;
    const row = 2 + doc.rules.findIndex((r) => r.id === "bc-accommodation-v1");
    expect(await problems(await writeTemplate(doc), "rules.xlsx")).toEqual([
      {
        path: `rules.xlsx: sheet "rules", row ${row}, column L (basis)`,
        message:
          "CCC already takes the first 45.76% (first.partner); the rest is shared across the other partners, so it cannot include CCC",
      },
    ]);
  });
});
