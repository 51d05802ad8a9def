import { describe, expect, it } from "vitest";
import { kpiDefinitionSchema, kpiMeasurementSchema, toKpiDefinition, toKpiMeasurement } from "./kpiSchema.js";

describe("kpiDefinitionSchema and toKpiDefinition", () => {
  it("fills in the documented defaults and dates a year's target from 1 April", () => {
    const doc = kpiDefinitionSchema.parse({
      code: "LEGAL-KPI-1",
      name: "Successful litigation outcomes",
      service: "LEGAL",
      unit: "percent",
      polarity: "higher-is-better",
      targets: [
        { year: "2019/20", value: "80" },
        { effectiveFrom: "2020-11-15", value: "90", note: "Raised after scrutiny" },
      ],
      tolerance: { kind: "absolute", amount: "5" },
      review: { margin: "10", periods: 2 },
    });
    expect(toKpiDefinition(doc)).toEqual({
      code: "LEGAL-KPI-1",
      name: "Successful litigation outcomes",
      service: "LEGAL",
      unit: "percent",
      polarity: "higher-is-better",
      aggregation: "ratio",
      targets: [
        { kind: "value", effectiveFrom: "2019-04-01", value: "80" },
        { kind: "value", effectiveFrom: "2020-11-15", value: "90", note: "Raised after scrutiny" },
      ],
      tolerance: { kind: "absolute", amount: "5" },
      monitoringOnly: false,
      review: { margin: "10", periods: 2 },
      display: { decimals: 1, rounding: "half-up" },
    });
  });

  it("reads bands, suspensions, schemes and samples", () => {
    const def = toKpiDefinition(
      kpiDefinitionSchema.parse({
        code: "BC-KPI-9",
        name: "Applications in hand",
        service: "BC",
        unit: "count",
        polarity: "within-band",
        aggregation: "last",
        targets: [
          { year: "2024/25", lower: "100", upper: "120" },
          { effectiveFrom: "2025-01-01", notApplicable: true },
        ],
        scheme: { kind: "bands", green: { kind: "relative", percent: "1" }, amber: { kind: "relative", percent: "5" } },
        sample: { lowResponseRate: "40", confidence: "90" },
        display: { decimals: 0, rounding: "half-even" },
      }),
    );
    expect(def.targets).toEqual([
      { kind: "band", effectiveFrom: "2024-04-01", lower: "100", upper: "120" },
      { kind: "not-applicable", effectiveFrom: "2025-01-01" },
    ]);
    expect(def.scheme?.kind).toBe("bands");
    expect(def.sample).toEqual({ lowResponseRate: "40", confidence: "90" });
    expect(def.display).toEqual({ decimals: 0, rounding: "half-even" });
  });

  it("rejects targets that are neither one thing nor another, and hours without an aggregation", () => {
    const result = kpiDefinitionSchema.safeParse({
      code: "ICT-KPI-5",
      name: "Time to fix",
      service: "ICT",
      unit: "hours",
      polarity: "lower-is-better",
      targets: [
        { year: "2024/25", effectiveFrom: "2024-04-01", value: "2", lower: "1" },
        { year: "2024/25-Q1", value: "2" },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "targets.0: give either year or effectiveFrom",
      "targets.0: give a value, a band (lower and upper) or notApplicable: true",
      "targets.1.year: 2024/25-Q1 is not a financial year such as 2024/25",
      "aggregation: is required for a KPI in hours: say how values combine (ratio, sum, mean, last, max or min)",
    ]);
  });
});

describe("kpiDefinitionSchema's from and to", () => {
  const kpi = { code: "K", name: "K", service: "ICT", unit: "count", polarity: "higher-is-better", targets: [] };

  it("that is no period at all, or not a year, is one issue at from, never an exception", () => {
    for (const from of ["2025", "2025/26-Q1"]) {
      const result = kpiDefinitionSchema.safeParse({ ...kpi, from });
      expect([from, result.error?.issues.map((i) => i.path.join("."))]).toEqual([from, ["from"]]);
    }
    expect(kpiDefinitionSchema.safeParse({ ...kpi, from: "2025/26" }).success).toBe(true);
  });

  it("a to that is no period at all, not a year or before from, is one issue at to", () => {
    for (const to of ["2025", "2025/26-Q1", "2023/24"]) {
      const result = kpiDefinitionSchema.safeParse({ ...kpi, from: "2024/25", to });
      expect([to, result.error?.issues.map((i) => i.path.join("."))]).toEqual([to, ["to"]]);
    }
    const parsed = kpiDefinitionSchema.parse({ ...kpi, from: "2024/25", to: "2024/25" });
    expect(toKpiDefinition(parsed)).toMatchObject({ from: "2024/25", to: "2024/25" });
  });
});

describe("kpiMeasurementSchema and toKpiMeasurement", () => {
  it("keeps what was given and names the period canonically", () => {
    const m = toKpiMeasurement(
      kpiMeasurementSchema.parse({
        kpi: "LEGAL-KPI-4",
        period: "2019/20-P07",
        numerator: "51",
        denominator: "60",
        responses: 60,
        population: 200,
      }),
    );
    expect(m).toEqual({
      kpi: "LEGAL-KPI-4",
      period: "2019/20-P7",
      numerator: "51",
      denominator: "60",
      responses: 60,
      population: 200,
    });
  });

  it("refuses numbers where exact decimals are expected", () => {
    const result = kpiMeasurementSchema.safeParse({ kpi: "K", period: "2024/25", value: 97.8, responses: 1.5 });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["value", "responses"]);
  });
});
