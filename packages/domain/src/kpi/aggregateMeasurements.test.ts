import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fraction } from "../exact/index.js";
import { aggregateMeasurements } from "./aggregateMeasurements.js";
import type { KpiMeasurement } from "./KpiMeasurement.js";
import { testKpi } from "./testKpis.js";

const m = (period: string, over: Partial<KpiMeasurement>): KpiMeasurement => ({ kpi: "K", period, ...over });

describe("aggregateMeasurements", () => {
  it("adds numerators and denominators, never averaging percentages", () => {
    // Legal's successful litigation, April–September 2019: 98 of 100, then 391 of 400.
    const agg = aggregateMeasurements(testKpi(), [
      m("2019/20-Q1", { numerator: "98", denominator: "100" }),
      m("2019/20-Q2", { numerator: "391", denominator: "400" }),
    ]);
    expect(agg?.value.toString()).toBe("489/5"); // 97.8%, 17.8 points above the 80% target
    expect(agg?.numerator?.toFixed()).toBe("489");
    expect(agg?.denominator?.toFixed()).toBe("500");
    expect(agg?.count).toBe(2);
    // The mean of 98% and 97.75% would be 97.875%: not what happened to 500 cases.
    expect(agg?.value.equals(Fraction.of(97875n, 1000n))).toBe(false);
  });

  it("keeps a non-percent ratio unscaled (days per case)", () => {
    const kpi = testKpi({ unit: "days", polarity: "lower-is-better" });
    const agg = aggregateMeasurements(kpi, [
      m("2024/25-P1", { numerator: "120", denominator: "12" }),
      m("2024/25-P2", { numerator: "30.5", denominator: "5" }),
    ]);
    expect(agg?.value.toString()).toBe("301/34"); // 150.5 days over 17 cases
  });

  it("sums, averages, takes each partner's latest, or the extreme, by the KPI's rule", () => {
    const values = [
      m("2024/25-P1", { partner: "CCC", value: "4" }),
      m("2024/25-P2", { partner: "CCC", value: "6" }),
      m("2024/25-P1", { partner: "HDC", value: "3.5" }),
      m("2024/25-P3", { partner: "HDC", value: "1" }),
    ];
    const of = (aggregation: "sum" | "mean" | "last" | "max" | "min") =>
      aggregateMeasurements(testKpi({ unit: "count", aggregation }), values)?.value.toString();
    expect(of("sum")).toBe("29/2");
    expect(of("mean")).toBe("29/8");
    expect(of("last")).toBe("7"); // CCC's P2 (6) + HDC's P3 (1)
    expect(of("max")).toBe("6");
    expect(of("min")).toBe("1");
    expect(aggregateMeasurements(testKpi(), [])).toBeUndefined();
  });

  it("sums samples only when every measurement is one", () => {
    const kpi = testKpi();
    const a = m("2024/25-Q1", { numerator: "30", denominator: "36", responses: 36, population: 120 });
    const b = m("2024/25-Q2", { numerator: "20", denominator: "24", responses: 24, population: 80 });
    expect(aggregateMeasurements(kpi, [a, b])).toMatchObject({ responses: 60, population: 200 });
    const c = m("2024/25-Q3", { numerator: "1", denominator: "2" });
    expect(aggregateMeasurements(kpi, [a, c])?.responses).toBeUndefined();
  });

  it("equals the ratio recomputed from the raw numerators and denominators, in any grouping", () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 1, max: 10000 }));
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 24 }), fc.nat(), (pairs, cut) => {
        const ms = pairs.map(([n, d], i) =>
          m(`2024/25-P${(i % 12) + 1}`, { partner: `P${i}`, numerator: String(n), denominator: String(d + n) }),
        );
        const kpi = testKpi();
        const whole = aggregateMeasurements(kpi, ms);
        const sumN = pairs.reduce((s, [n]) => s + BigInt(n), 0n);
        const sumD = pairs.reduce((s, [n, d]) => s + BigInt(n + d), 0n);
        expect(whole?.value.equals(Fraction.of(sumN * 100n, sumD))).toBe(true);
        // Aggregating two parts and combining their sums gives the same value.
        const k = cut % ms.length;
        const left = aggregateMeasurements(kpi, ms.slice(0, k));
        const right = aggregateMeasurements(kpi, ms.slice(k));
        const n = BigInt(left?.numerator?.toFixed() ?? "0");
        const d = BigInt(left?.denominator?.toFixed() ?? "0");
        const n2 = n + BigInt(right?.numerator?.toFixed() ?? "0");
        const d2 = d + BigInt(right?.denominator?.toFixed() ?? "0");
        expect(Fraction.of(n2 * 100n, d2).equals(whole?.value ?? Fraction.ZERO)).toBe(true);
        // A ratio of sums lies between the smallest and largest of its parts.
        const parts = pairs.map(([a, b]) => Fraction.of(BigInt(a) * 100n, BigInt(a + b)));
        const lo = parts.reduce((x, y) => (y.compare(x) < 0 ? y : x));
        const hi = parts.reduce((x, y) => (y.compare(x) > 0 ? y : x));
        expect(whole?.value.compare(lo)).toBeGreaterThanOrEqual(0);
        expect(whole?.value.compare(hi)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });
});
