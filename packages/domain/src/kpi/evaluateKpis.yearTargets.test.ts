import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../period/index.js";
import { describeTarget } from "./describeTarget.js";
import { evaluateKpis } from "./evaluateKpis.js";
import type { KpiDefinition } from "./KpiDefinition.js";
import type { KpiMeasurement } from "./KpiMeasurement.js";
import type { KpiResult } from "./KpiScorecard.js";
import { testKpi, valueTarget } from "./testKpis.js";

const one = (kpi: KpiDefinition, measurements: KpiMeasurement[]): KpiResult => {
  const result = evaluateKpis({ kpis: [kpi], measurements, year: "2024/25" }).kpis[0];
  if (result === undefined) throw new Error("no result");
  return result;
};

// A `sum` KPI's target is the year's (the business plan's "£400,000 of fees a year", "no more than 40
// complaints a year"), yet it is monitored quarterly. A quarter holds a quarter of the year's
// figure, so it is judged by a quarter of the year's target, and the year to date by the months it
// covers — as the predicted year end already projects the run rate to twelve months.
describe("evaluateKpis: a sum KPI's yearly target, profiled evenly over the months a period covers", () => {
  // Building Control fee income: £400,000 a year, higher is better, tolerance 5% of the target.
  const fees = testKpi({
    code: "BC-KPI-5",
    name: "Fee income",
    service: "BC",
    unit: "money",
    aggregation: "sum",
    targets: [valueTarget("2024-04-01", "400000")],
    tolerance: { kind: "relative", percent: "5" },
    display: { decimals: 0, rounding: "half-up" },
  });
  const income = (["100000", "96000", "90000"] as const).map(
    (value, i): KpiMeasurement => ({ kpi: fees.code, period: `2024/25-Q${i + 1}`, value }),
  );

  it("judges each quarter by a quarter of the year's target: £100,000 met, £96,000 Amber, £90,000 Red", () => {
    // Q1: 400,000 × 3/12 = 100,000, met exactly.
    // Q2: 4,000 short of 100,000; tolerance 5% of 100,000 = 5,000, so within it: Amber.
    // Q3: 10,000 short, beyond 5,000: Red (the year's whole target would have made all three Red).
    expect(one(fees, income).quarters.map((q) => [q.period, q.status, q.reason])).toEqual([
      ["2024/25-Q1", "green", "100000 meets the target of 100000 for 3 months (400000 a year)"],
      [
        "2024/25-Q2",
        "amber",
        "96000 is 4000 short of the target of 100000 for 3 months (400000 a year), within the tolerance of 5000 (5% of the target)",
      ],
      [
        "2024/25-Q3",
        "red",
        "90000 is 10000 short of the target of 100000 for 3 months (400000 a year), beyond the tolerance of 5000 (5% of the target)",
      ],
      ["2024/25-Q4", "no-data", "no measurements for this period"],
    ]);
  });

  it("judges the year to date by the months it covers, agreeing with the run-rate prediction", () => {
    // April–December: 286,000 against 400,000 × 9/12 = 300,000: 14,000 short, tolerance 15,000: Amber.
    // The prediction projects 286,000 × 12/9 = 381,333.33 against 400,000: 18,666.67 short of a
    // 20,000 tolerance — Amber too, the same judgement at the year's scale.
    const result = one(fees, income);
    expect([result.yearToDate.status, result.yearToDate.reason]).toEqual([
      "amber",
      "286000 is 14000 short of the target of 300000 for 9 months (400000 a year), within the tolerance of 15000 (5% of the target)",
    ]);
    expect(result.predictedYearEnd?.status).toBe("amber");
    // The whole year is judged by the whole target, unprofiled.
    const year = one(fees, [...income, { kpi: fees.code, period: "2024/25-Q4", value: "114000" }]);
    expect([year.yearToDate.status, year.yearToDate.reason]).toEqual(["green", "400000 meets the target of 400000"]);
  });

  // Complaints: no more than 40 a year, lower is better, an absolute tolerance of 4 a year.
  const complaints = testKpi({
    code: "LEGAL-KPI-7",
    name: "Complaints",
    unit: "count",
    polarity: "lower-is-better",
    aggregation: "sum",
    targets: [valueTarget("2024-04-01", "40")],
    tolerance: { kind: "absolute", amount: "4" },
    review: { margin: "8", periods: 2 },
    display: { decimals: 0, rounding: "half-up" },
  });
  const monthly = (counts: readonly number[]) =>
    counts.map((n, i): KpiMeasurement => ({ kpi: complaints.code, period: `2024/25-P${i + 1}`, value: String(n) }));

  it("makes a quarter of 12 complaints Red: 2 over a profiled 10, beyond a profiled tolerance of 1", () => {
    // P1–P3: 3 + 4 + 5 = 12 against 40 × 3/12 = 10; tolerance 4 × 3/12 = 1. Judged against 40 it
    // was Green "28 better" — at a rate of 48 complaints a year.
    const result = one(complaints, monthly([3, 4, 5, 2]));
    expect([result.quarters[0]?.status, result.quarters[0]?.reason]).toEqual([
      "red",
      "12 is 2 short of the target of 10 for 3 months (40 a year), beyond the tolerance of 1",
    ]);
    // Q2 so far is July alone: 2 against 40 × 1/12 = 3⅓, met.
    expect(result.quarters[1]?.status).toBe("green");
    // April–July: 14 against 40 × 4/12 = 13⅓, ⅔ over, within 4 × 4/12 = 1⅓: Amber.
    expect(result.yearToDate.status).toBe("amber");
  });

  it("warns of a month that alone runs beyond its twelfth of the year", () => {
    // P1–P3: 2 + 2 + 5 = 9, Green against 10; but June's 5 against 40/12 = 3⅓ is 1⅔ over, beyond
    // a tolerance of 4/12 = ⅓: Red, which the quarter's Green hides.
    const result = one(complaints, monthly([2, 2, 5]));
    expect(result.quarters[0]?.status).toBe("green");
    expect(result.warnings.filter((w) => w.kind === "red-month-in-quarter").map((w) => w.period)).toEqual([
      "2024/25-Q1",
    ]);
  });

  it("flags a stretch target only when the quarters beat their share of it by their share of the margin", () => {
    // Margin 8 a year is 2 a quarter. Quarters of 7 and 8 complaints beat 10 by 3 and 2: flagged.
    // Against the year's 40 every quarter "beat" it by 30 or more, and 12 a quarter (48 a year) would
    // have been flagged as too easy a target.
    const flagged = one(complaints, [
      { kpi: complaints.code, period: "2024/25-Q1", value: "7" },
      { kpi: complaints.code, period: "2024/25-Q2", value: "8" },
    ]);
    expect(flagged.reviewFlags.map((f) => [f.periods, f.smallestMargin])).toEqual([
      [["2024/25-Q1", "2024/25-Q2"], "2"],
    ]);
    const notFlagged = one(complaints, [
      { kpi: complaints.code, period: "2024/25-Q1", value: "7" },
      { kpi: complaints.code, period: "2024/25-Q2", value: "12" },
    ]);
    expect(notFlagged.reviewFlags).toEqual([]);
  });

  it("compares a quarter still running with the same months of the quarters it is compared with", () => {
    // October 2024 alone: 4 complaints. The previous quarter's July had 2 and last year's October 3,
    // so both arrows are worse (the whole of Q2, 6, and of last year's Q3, 9, made October look better).
    // Under the improvement scheme October is ⅔ over 40/12 = 3⅓, beyond a tolerance of 4/12 = ⅓, and
    // no better than 3 last October: Red, not Amber.
    const measurements = [
      ...[3, 3, 3].map(
        (n, i): KpiMeasurement => ({ kpi: complaints.code, period: `2023/24-P${i + 7}`, value: String(n) }),
      ),
      ...[2, 2, 2, 4].map(
        (n, i): KpiMeasurement => ({ kpi: complaints.code, period: `2024/25-P${i + 4}`, value: String(n) }),
      ),
    ];
    const q3 = one({ ...complaints, scheme: { kind: "improvement" } }, measurements).quarters[2];
    expect([q3?.value?.display, q3?.direction]).toEqual(["4", { previous: "worse", lastYear: "worse" }]);
    expect([q3?.status, q3?.reason]).toEqual([
      "red",
      "4 is ≈0.6667 short of the target of ≈3.3333 for 1 month (40 a year), beyond the tolerance of ≈0.3333 and no better than 3 in 2023/24-Q3",
    ]);
  });
  it("shows in a row's target the figure it was judged against, the year's kept as recorded", () => {
    // £400,000 a year: Q1's £100,000 is judged against 400,000 × 3/12 = 100,000, so its row says so.
    const result = one(fees, income);
    expect(result.quarters[0]?.target).toEqual({
      effectiveFrom: "2024-04-01",
      kind: "value",
      value: "400000",
      forPeriod: { months: 3, value: "100000", exact: true },
    });
    // The year to date through Q3 was judged against 9 months' share; a quarter without data against nothing.
    expect(result.yearToDate.target?.forPeriod).toEqual({ months: 9, value: "300000", exact: true });
    expect(result.quarters[3]?.target).toEqual({ effectiveFrom: "2024-04-01", kind: "value", value: "400000" });
    expect(result.quarters.map((q) => (q.target === null ? null : describeTarget(q.target)))).toEqual([
      "100000 (400000 a year)",
      "100000 (400000 a year)",
      "100000 (400000 a year)",
      "400000",
    ]);
    // The whole year is judged by the year's target: nothing profiled.
    const year = one(fees, [...income, { kpi: fees.code, period: "2024/25-Q4", value: "114000" }]);
    expect(year.yearToDate.target).toEqual({ effectiveFrom: "2024-04-01", kind: "value", value: "400000" });
  });

  it("marks a profiled target that does not end as rounded, as the reason shows it", () => {
    // July alone: 40 × 1/12 = 3⅓, shown to the display's 0 places + 4.
    const q2 = one(complaints, monthly([3, 4, 5, 2])).quarters[1];
    expect(q2?.target?.forPeriod).toEqual({ months: 1, value: "3.3333", exact: false });
    expect(q2?.target === null || q2?.target === undefined ? null : describeTarget(q2.target)).toBe(
      "≈3.3333 (40 a year)",
    );
    expect(q2?.reason).toContain("the target of ≈3.3333 for 1 month (40 a year)");
  });

  it("profiles a band's edges in the row as it judged them", () => {
    // Cases closed: between 100 and 200 a year, so 25–50 in a quarter.
    const cases = testKpi({
      code: "BC-KPI-9",
      unit: "count",
      polarity: "within-band",
      aggregation: "sum",
      targets: [{ effectiveFrom: "2024-04-01" as CalendarDate, kind: "band", lower: "100", upper: "200" }],
      display: { decimals: 0, rounding: "half-up" },
    });
    const q1 = one(cases, [{ kpi: cases.code, period: "2024/25-Q1", value: "30" }]).quarters[0];
    expect([q1?.status, q1?.target?.forPeriod]).toEqual([
      "green",
      { months: 3, lower: "25", upper: "50", exact: true },
    ]);
    expect(q1?.target === null || q1?.target === undefined ? null : describeTarget(q1.target)).toBe(
      "25–50 (100–200 a year)",
    );
  });
});
