import { annualReport, kpiScorecard, parseMoney, scenarioSavings } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { annualReportWorkbook } from "./annualReportWorkbook.js";
import { kpiWorkbook, RAG_FILLS } from "./kpiWorkbook.js";
import { loadExcel } from "./loadExcel.js";
import { savingsWorkbook } from "./savingsWorkbook.js";

const scenario = demoScenario();
const pence = (v: unknown) => parseMoney(String(v), "GBP").minor;

async function read(bytes: Uint8Array) {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  return wb;
}

describe("the report workbooks, on the demo partnership", () => {
  it("write each partner's savings by year and by service to the exact pennies, the same bytes each time", async () => {
    const report = scenarioSavings(scenario, "2024/25");
    if (report === null) throw new Error("the demo has savings");
    const bytes = await savingsWorkbook(report);
    expect(await savingsWorkbook(report)).toEqual(bytes);
    const wb = await read(bytes);
    const byPartner = wb.getWorksheet("By partner");
    const years = report.partners.flatMap((p) => p.years.map((y) => ({ partner: p.partner, y })));
    expect(byPartner?.rowCount).toBe(years.length + 1);
    years.forEach(({ partner, y }, i) => {
      const row = byPartner?.getRow(i + 2);
      expect([row?.getCell(1).value, row?.getCell(2).value]).toEqual([y.year, partner]);
      expect([3, 4, 5, 7].map((c) => pence(row?.getCell(c).value))).toEqual([
        y.indexedBaseline.minor,
        y.contribution.minor,
        y.saving.minor,
        y.cumulative.minor,
      ]);
    });
    const byService = wb.getWorksheet("By service");
    report.services.forEach((s, i) => {
      expect(pence(byService?.getRow(i + 2).getCell(6).value)).toBe(s.saving.minor);
    });
    expect(byPartner?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("write the KPI scorecard with each status in its RAG fill", async () => {
    const card = kpiScorecard(scenario, "2024/25");
    const ws = (await read(await kpiWorkbook(card))).getWorksheet("KPIs");
    const rows = card.kpis.flatMap((k) => [
      ...[...k.quarters, k.yearToDate].map((r) => [k.code, "", r] as const),
      ...k.partners.flatMap((p) => [...p.quarters, p.yearToDate].map((r) => [k.code, p.partner, r] as const)),
    ]);
    expect(ws?.rowCount).toBe(rows.length + 1);
    rows.forEach(([code, partner, r], i) => {
      const row = ws?.getRow(i + 2);
      expect([row?.getCell(1).value, row?.getCell(3).value, row?.getCell(4).value, row?.getCell(7).value]).toEqual([
        code,
        partner,
        r.period,
        r.status,
      ]);
      const fill = row?.getCell(7).fill;
      expect(fill?.type === "pattern" ? fill.fgColor?.argb : undefined).toBe(RAG_FILLS[r.status]);
    });
  });

  it("write a service's annual report with its finance and each council's recharge to the exact pennies", async () => {
    const r = annualReport(scenario, "ICT", "2024/25");
    const wb = await read(await annualReportWorkbook(r));
    const finance = wb.getWorksheet("Finance");
    expect([2, 3, 4].map((n) => pence(finance?.getRow(n).getCell(2).value))).toEqual([
      r.finance.budget?.minor,
      r.finance.actual.minor,
      r.finance.variance?.minor,
    ]);
    const recharges = wb.getWorksheet("Recharges");
    r.finance.recharges.forEach((p, i) => {
      const row = recharges?.getRow(i + 2);
      expect([row?.getCell(1).value, pence(row?.getCell(2).value)]).toEqual([p.partner, p.amount.minor]);
    });
  });
});
