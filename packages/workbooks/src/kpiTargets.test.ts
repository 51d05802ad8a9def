import { type CalendarDate, evaluateKpis, type KpiDefinition } from "@3c/domain";
import { describe, expect, it } from "vitest";
import { kpiCsv } from "./kpiCsv.js";
import { kpiWorkbook } from "./kpiWorkbook.js";
import { loadExcel } from "./loadExcel.js";

// Building Control fee income: £400,000 a year, judged a quarter at a time against 400,000 × 3/12.
const fees: KpiDefinition = {
  code: "BC-KPI-5",
  name: "Fee income",
  service: "BC",
  unit: "money",
  polarity: "higher-is-better",
  aggregation: "sum",
  targets: [{ kind: "value", effectiveFrom: "2024-04-01" as CalendarDate, value: "400000" }],
  tolerance: { kind: "relative", percent: "5" },
  monitoringOnly: false,
  display: { decimals: 0, rounding: "half-up" },
};
const card = evaluateKpis({
  kpis: [fees],
  measurements: [{ kpi: fees.code, period: "2024/25-Q1", value: "100000" }],
  year: "2024/25",
});

describe("a sum KPI's scorecard in files: the target each period was judged against", () => {
  it("writes the quarter's target in the CSV with the year's in brackets", () => {
    const rows = kpiCsv(card)
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(","));
    const header = rows[0] ?? [];
    const at = (period: string) => rows.find((r) => r[2] === period)?.[header.indexOf("target")];
    // Q1 judged against £100,000; Q2 (no data) was judged against nothing and shows the year's.
    expect([at("2024/25-Q1"), at("2024/25-Q2"), at("2024/25")]).toEqual([
      "100000 (400000 a year)",
      "400000",
      "100000 (400000 a year)",
    ]);
  });

  it("puts the quarter's target in the Target cell and the year's in the last column", async () => {
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await kpiWorkbook(card)).buffer as ArrayBuffer);
    const ws = wb.getWorksheet("KPIs");
    const header = (ws?.getRow(1).values ?? []) as unknown[];
    const col = (name: string) => header.indexOf(name);
    const cells = [2, 3].map((n) => {
      const row = ws?.getRow(n);
      return [row?.getCell(4).value, row?.getCell(col("Target")).value, row?.getCell(col("Target a year")).value];
    });
    expect(cells).toEqual([
      ["2024/25-Q1", 100000, "400000"],
      ["2024/25-Q2", 400000, null],
    ]);
  });
});
