import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateKpis } from "./evaluateKpis.js";
import type { KpiDefinition } from "./KpiDefinition.js";
import type { KpiMeasurement } from "./KpiMeasurement.js";
import { KPI_FIGURE_FIELDS } from "./kpiFigureFields.js";
import { testKpi } from "./testKpis.js";

// Measured in 2023/24 and 2025/26-Q1: shown in 2024/25 without a figure ("?" in every period).
const measurements: KpiMeasurement[] = [
  ...["Q1", "Q2", "Q3", "Q4"].map((q) => ({
    kpi: "LEGAL-KPI-1",
    period: `2023/24-${q}`,
    numerator: "7",
    denominator: "10",
  })),
  { kpi: "LEGAL-KPI-1", period: "2025/26-Q1", numerator: "9", denominator: "10" },
];
const card = (kpi: KpiDefinition, year = "2024/25", given = measurements) =>
  evaluateKpis({ kpis: [kpi], measurements: given, year });

const decimal = fc.integer({ min: 0, max: 400 }).map((n) => (n / 4).toString());
const tolerance = fc.oneof(
  decimal.map((amount) => ({ kind: "absolute" as const, amount })),
  decimal.map((percent) => ({ kind: "relative" as const, percent })),
);
const figureFields = fc.record(
  {
    display: fc.record({
      decimals: fc.integer({ min: 0, max: 4 }),
      rounding: fc.constantFrom("half-up" as const, "half-even" as const, "down" as const),
    }),
    tolerance,
    blue: tolerance,
    review: fc.record({ margin: decimal, periods: fc.integer({ min: 1, max: 8 }) }),
    sample: fc.record({ lowResponseRate: decimal, confidence: fc.constantFrom("90" as const, "95" as const) }),
  },
  { requiredKeys: [] },
);

describe("KPI_FIGURE_FIELDS", () => {
  it("are the fields no scorecard row of a KPI shown without figures depends on: any values of them give the same row (500 runs)", () => {
    const shown = card(testKpi());
    expect(shown.kpis[0]?.quarters.map((q) => q.status)).toEqual(["no-data", "no-data", "no-data", "no-data"]);
    fc.assert(
      fc.property(figureFields, (fields) => {
        expect(Object.keys(fields).every((f) => (KPI_FIGURE_FIELDS as readonly string[]).includes(f))).toBe(true);
        expect(card({ ...testKpi(), ...fields })).toEqual(shown);
      }),
      { numRuns: 500 },
    );
  });

  it("are read where the KPI has figures: another display or tolerance changes the measured year's row", () => {
    const measured = card(testKpi(), "2023/24");
    expect(card(testKpi({ display: { decimals: 2, rounding: "half-up" } }), "2023/24")).not.toEqual(measured);
    expect(card(testKpi({ tolerance: { kind: "absolute", amount: "10" } }), "2023/24")).not.toEqual(measured);
  });

  it("leave out every other rated field: each is printed in the row of a KPI shown without figures", () => {
    // Unmeasured (a sum KPI takes values, not the ratio's numerators): its row alone.
    const shown = card(testKpi(), "2024/25", []);
    const others: Partial<KpiDefinition>[] = [
      { name: "Another name" },
      { unit: "count" },
      { polarity: "lower-is-better" },
      { aggregation: "sum" },
      { monitoringOnly: true },
      { scheme: { kind: "improvement" } },
    ];
    for (const over of others) {
      expect(Object.keys(over).some((f) => (KPI_FIGURE_FIELDS as readonly string[]).includes(f))).toBe(false);
      expect([over, card(testKpi(over), "2024/25", [])]).not.toEqual([over, shown]);
    }
  });
});
