import { addDays, parsePeriod, rechargeRun, runView } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { loadExcel } from "./loadExcel.js";
import { statementsWorkbook } from "./statementsWorkbook.js";
import { statementViewsWorkbook } from "./statementViewsWorkbook.js";

const scenario = demoScenario();
const period = parsePeriod("2024/25-Q3");
const run = rechargeRun({
  scenario,
  period: period.name,
  statements: {
    numbers: Object.fromEntries(scenario.partners.map((p) => [p.id, `3C-${period.name}-${p.id}`])),
    issueDate: addDays(period.end, -1),
  },
});

async function summaryRows(bytes: Uint8Array): Promise<unknown[][]> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.getWorksheet("Summary")?.eachRow((row) => {
    rows.push([1, 2, 3, 4].map((c) => row.getCell(c).value));
  });
  return rows;
}

describe("statementViewsWorkbook", () => {
  it("lays out a run's every statement byte for byte as statementsWorkbook, from the statements and currency alone", async () => {
    const { currency, period: p } = run.allocation;
    expect(await statementViewsWorkbook(run.statements.statements, { currency, date: p.start })).toEqual(
      await statementsWorkbook(run, scenario),
    );
  });

  it("marks a lead's view of another partner's statement on the summary, naming whose lines it holds", async () => {
    // HDC leads ICT: it sees the others' statements' ICT lines only.
    const seen = runView(run, "HDC").statements;
    const rows = await summaryRows(await statementViewsWorkbook(seen, { currency: "GBP", date: period.start }));
    expect(rows).toEqual([
      ["Number", "Type", "Partner", "Name"],
      ...seen.map((s) => [
        s.number,
        s.partner === "HDC" ? s.type : `${s.type} (lines by HDC only)`,
        s.partner,
        s.partnerName,
      ]),
    ]);
    expect(seen.filter((s) => s.view !== undefined).length).toBe(2);
  });

  it("writes a summary alone, in the run's currency, when no statement is shown", async () => {
    const rows = await summaryRows(await statementViewsWorkbook([], { currency: "GBP", date: period.start }));
    expect(rows).toEqual([["Number", "Type", "Partner", "Name"]]);
  });
});
