import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../period/index.js";
import { kpiProblems } from "./kpiProblems.js";
import { testKpi, valueTarget } from "./testKpis.js";

const problems = (...args: Parameters<typeof kpiProblems>) =>
  kpiProblems(...args).map((i) => `${i.path}: ${i.message}`);

describe("kpiProblems", () => {
  it("accepts a sound definition and measurement", () => {
    expect(
      problems([testKpi()], [{ kpi: "LEGAL-KPI-1", period: "2019/20-Q1", numerator: "98", denominator: "100" }]),
    ).toEqual([]);
  });

  it("checks targets against the polarity, and tolerances, schemes, review and display rules", () => {
    const band = {
      kind: "band" as const,
      effectiveFrom: "2024-04-01" as CalendarDate,
      lower: "120",
      upper: "100",
    };
    expect(
      problems(
        [
          testKpi({
            targets: [valueTarget("2024-04-01", "80"), band, valueTarget("2024-13-01", "x")],
            tolerance: { kind: "relative", percent: "-1" },
            scheme: {
              kind: "bands",
              green: { kind: "absolute", amount: "5" },
              amber: { kind: "absolute", amount: "1" },
            },
            review: { margin: "5", periods: 0 },
            sample: { lowResponseRate: "150", confidence: "95" },
            display: { decimals: 11, rounding: "half-up" },
          }),
          testKpi({
            code: "BAND",
            polarity: "within-band",
            targets: [valueTarget("2024-04-01", "80")],
            blue: { kind: "absolute", amount: "1" },
            review: { margin: "1", periods: 1 },
          }),
        ],
        [],
        { kind: "bands", green: { kind: "relative", percent: "x" }, amber: { kind: "relative", percent: "5" } },
      ),
    ).toEqual([
      'scheme.green.percent: "x" is not a decimal: expected digits with an optional sign and decimal point, such as 1234.56',
      "kpis[0].targets[1].effectiveFrom: targets[0] already takes effect on this date",
      "kpis[0].targets[1]: a higher-is-better KPI needs a single target value, not a band",
      "kpis[0].targets[1]: the band's lower edge 120 is above its upper edge 100",
      'kpis[0].targets[2].effectiveFrom: "2024-13-01" is not a calendar date (YYYY-MM-DD)',
      'kpis[0].targets[2].value: "x" is not a decimal: expected digits with an optional sign and decimal point, such as 1234.56',
      "kpis[0].tolerance.percent: -1 is negative; expected zero or more",
      "kpis[0].scheme: the green band is wider than the amber band",
      "kpis[0].review.periods: 0 is not a whole number of periods of 1 or more",
      'kpis[0].sample.lowResponseRate: "150" is not a percentage 0–100',
      "kpis[0].display.decimals: 11 is not a whole number from 0 to 10",
      "kpis[1].targets[0]: a within-band KPI needs a band target (lower and upper)",
      "kpis[1].blue: a within-band KPI cannot be well above target",
      "kpis[1].review: a within-band KPI has no target to beat",
    ]);
  });

  it("checks each measurement's figures, sample and overlap with others of its KPI and partner", () => {
    const kpi = testKpi({ code: "C", unit: "count", aggregation: "sum" });
    expect(
      problems(
        [kpi],
        [
          { kpi: "C", period: "2024/25-Q1", value: "3", numerator: "1", denominator: "2" },
          { kpi: "C", period: "2024/25-Q2" },
          { kpi: "C", period: "2024/25-Q3", numerator: "1", denominator: "2" },
          { kpi: "C", period: "2024/25-P1", partner: "CCC", value: "1", responses: 5, population: 4 },
          { kpi: "C", period: "2024/25-P2", partner: "CCC", value: "1", responses: 1.5, population: 4 },
          { kpi: "C", period: "2024/25", partner: "CCC", value: "1" },
          { kpi: "C", period: "2024/25", partner: "HDC", value: "1" },
          { kpi: "C", period: "2024/25-Q4", partner: "bad id", value: "1" },
        ],
      ),
    ).toEqual([
      "measurements[0]: give either a value or a numerator and denominator, not both",
      "measurements[1]: give a value, or a numerator and denominator",
      "measurements[2]: C aggregates by sum: give a value, not a numerator and denominator",
      "measurements[3].responses: 5 responses exceed the population of 4",
      "measurements[4].responses: 1.5 is not a whole number of zero or more",
      "measurements[5].period: 2024/25 overlaps measurements[3] (2024/25-P1) of C for CCC",
      'measurements[7].partner: "bad id" is not a valid partner id',
    ]);
  });
});
