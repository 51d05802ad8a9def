import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fraction, toFraction } from "../exact/index.js";
import type { CalendarDate } from "../period/index.js";
import { judgeKpi } from "./judgeKpi.js";
import type { KpiStatus } from "./KpiScorecard.js";
import type { RagScheme } from "./RagScheme.js";
import { testKpi, valueTarget } from "./testKpis.js";

const tolerance: RagScheme = { kind: "tolerance" };
const f = (text: string) => toFraction(text, "test");
const target80 = valueTarget("2019-04-01", "80");

describe("judgeKpi under the tolerance scheme", () => {
  const kpi = testKpi({ tolerance: { kind: "absolute", amount: "5" } });
  const judge = (value: string) => judgeKpi({ kpi, scheme: tolerance, value: f(value), target: target80 });

  it("is Green at or above target, Amber within the tolerance inclusive, Red beyond", () => {
    expect(judge("97.8")).toEqual({ status: "green", reason: "97.8 meets the target of 80 (17.8 points better)" });
    expect(judge("80")).toEqual({ status: "green", reason: "80 meets the target of 80" });
    expect(judge("75")).toEqual({
      status: "amber",
      reason: "75 is 5 points short of the target of 80, within the tolerance of 5 points",
    });
    expect(judge("74.99")).toEqual({
      status: "red",
      reason: "74.99 is 5.01 points short of the target of 80, beyond the tolerance of 5 points",
    });
  });

  it("judges the exact value, not the rounded one shown", () => {
    // 79.96 shows as 80.0 but is short of 80: Amber, and the reason shows why.
    expect(judge("79.96").status).toBe("amber");
    expect(judgeKpi({ kpi, scheme: tolerance, value: Fraction.of(2399n, 30n), target: target80 }).reason).toBe(
      "≈79.96667 is ≈0.03333 points short of the target of 80, within the tolerance of 5 points",
    );
  });

  it("sizes a relative tolerance as a percentage of the target", () => {
    const relative = testKpi({ tolerance: { kind: "relative", percent: "10" } });
    const judgeRel = (value: string) =>
      judgeKpi({ kpi: relative, scheme: tolerance, value: f(value), target: target80 });
    expect(judgeRel("72")).toEqual({
      status: "amber",
      reason: "72 is 8 points short of the target of 80, within the tolerance of 8 points (10% of the target)",
    });
    expect(judgeRel("71.9").status).toBe("red");
  });

  it("reverses the comparison for a lower-is-better KPI", () => {
    const days = testKpi({
      unit: "days",
      polarity: "lower-is-better",
      aggregation: "mean",
      tolerance: { kind: "absolute", amount: "2" },
    });
    const judgeDays = (value: string) =>
      judgeKpi({ kpi: days, scheme: tolerance, value: f(value), target: valueTarget("2019-04-01", "10") });
    expect(judgeDays("8")).toEqual({ status: "green", reason: "8 meets the target of 10 (2 days better)" });
    expect(judgeDays("12")).toEqual({
      status: "amber",
      reason: "12 is 2 days short of the target of 10, within the tolerance of 2 days",
    });
    expect(judgeDays("12.5").status).toBe("red");
  });

  it("is Blue when the target is beaten by the blue threshold, under any scheme", () => {
    const blue = testKpi({ blue: { kind: "absolute", amount: "15" } });
    for (const scheme of [tolerance, { kind: "improvement" } as const]) {
      expect(judgeKpi({ kpi: blue, scheme, value: f("97.8"), target: target80 })).toEqual({
        status: "blue",
        reason: "97.8 beats the target of 80 by 17.8 points, at least 15 points",
      });
      expect(judgeKpi({ kpi: blue, scheme, value: f("94.9"), target: target80 }).status).toBe("green");
    }
  });
});

describe("judgeKpi under fixed bands", () => {
  // "Within 1% Green, 1–5% Amber, beyond Red", of a 95% availability target.
  const scheme: RagScheme = {
    kind: "bands",
    green: { kind: "relative", percent: "1" },
    amber: { kind: "relative", percent: "5" },
  };
  const kpi = testKpi({ code: "ICT-KPI-2" });
  const judge = (value: string) => judgeKpi({ kpi, scheme, value: f(value), target: valueTarget("2019-04-01", "95") });

  it("is Green within 1% of the target, Amber within 5%, Red beyond", () => {
    expect(judge("96.1").status).toBe("green");
    expect(judge("94.05")).toEqual({
      status: "green",
      reason: "94.05 is 0.95 points short of the target of 95, within the green band of 0.95 points (1% of the target)",
    });
    expect(judge("94.04").status).toBe("amber");
    expect(judge("90.25")).toEqual({
      status: "amber",
      reason: "90.25 is 4.75 points short of the target of 95, within the amber band of 4.75 points (5% of the target)",
    });
    expect(judge("90.2")).toEqual({
      status: "red",
      reason: "90.2 is 4.8 points short of the target of 95, beyond the amber band of 4.75 points (5% of the target)",
    });
  });
});

describe("judgeKpi under the improvement scheme", () => {
  // "Amber if more than 10% off but improved on the same quarter last year, else Red".
  const kpi = testKpi({
    code: "BC-KPI-3",
    unit: "days",
    polarity: "lower-is-better",
    aggregation: "mean",
    tolerance: { kind: "relative", percent: "10" },
  });
  const scheme: RagScheme = { kind: "improvement" };
  const target = valueTarget("2023-04-01", "10");
  const judge = (value: string, last: string | undefined) =>
    judgeKpi({
      kpi,
      scheme,
      value: f(value),
      target,
      lastYear: { period: "2023/24-Q3", value: last === undefined ? undefined : f(last) },
    });

  it("is Amber within the tolerance whatever last year did", () => {
    expect(judge("11", "9").status).toBe("amber");
  });

  it("is Amber beyond the tolerance when better than the same quarter last year", () => {
    expect(judge("12", "14")).toEqual({
      status: "amber",
      reason:
        "12 is 2 days short of the target of 10, beyond the tolerance of 1 day (10% of the target) but better than 14 in 2023/24-Q3",
    });
  });

  it("is Red beyond the tolerance when no better than last year, or with no figure for last year", () => {
    expect(judge("15", "14").reason).toBe(
      "15 is 5 days short of the target of 10, beyond the tolerance of 1 day (10% of the target) and no better than 14 in 2023/24-Q3",
    );
    expect(judge("14", "14").status).toBe("red");
    expect(judge("12", undefined)).toEqual({
      status: "red",
      reason:
        "12 is 2 days short of the target of 10, beyond the tolerance of 1 day (10% of the target), with no figure for 2023/24-Q3",
    });
  });
});

describe("judgeKpi for bands, monitoring and missing data", () => {
  it("is Green inside a band and Amber within the tolerance outside it", () => {
    const kpi = testKpi({
      code: "BC-KPI-9",
      unit: "count",
      polarity: "within-band",
      aggregation: "sum",
      tolerance: { kind: "absolute", amount: "5" },
      display: { decimals: 0, rounding: "half-up" },
    });
    const target = {
      kind: "band" as const,
      effectiveFrom: "2024-04-01" as CalendarDate,
      lower: "100",
      upper: "120",
    };
    const judge = (v: string) => judgeKpi({ kpi, scheme: tolerance, value: f(v), target });
    expect(judge("100")).toEqual({ status: "green", reason: "100 is within the band 100–120" });
    expect(judge("125")).toEqual({
      status: "amber",
      reason: "125 is 5 above the band 100–120, within the tolerance of 5",
    });
    expect(judge("94")).toEqual({ status: "red", reason: "94 is 6 below the band 100–120, beyond the tolerance of 5" });
  });

  it("is Grey when monitoring-only, no-data without a value, not-applicable without a target", () => {
    const grey = testKpi({ monitoringOnly: true, targets: [] });
    expect(judgeKpi({ kpi: grey, scheme: tolerance, value: f("12"), target: undefined }).status).toBe("grey");
    expect(judgeKpi({ kpi: grey, scheme: tolerance, value: undefined, target: undefined }).status).toBe("no-data");
    const kpi = testKpi();
    expect(judgeKpi({ kpi, scheme: tolerance, value: undefined, target: target80 }).status).toBe("no-data");
    expect(judgeKpi({ kpi, scheme: tolerance, value: f("90"), target: undefined }).status).toBe("not-applicable");
    const suspended = { kind: "not-applicable" as const, effectiveFrom: "2021-04-01" as CalendarDate };
    expect(judgeKpi({ kpi, scheme: tolerance, value: f("90"), target: suspended })).toEqual({
      status: "not-applicable",
      reason: "the KPI does not apply from 2021-04-01",
    });
  });
});

describe("judgeKpi properties", () => {
  const rank: Record<KpiStatus, number> = {
    red: 0,
    amber: 1,
    green: 2,
    blue: 3,
    grey: -1,
    "no-data": -1,
    "not-applicable": -1,
  };
  const schemes: RagScheme[] = [
    { kind: "tolerance" },
    { kind: "bands", green: { kind: "absolute", amount: "1" }, amber: { kind: "relative", percent: "5" } },
  ];
  const value = fc.integer({ min: -20000, max: 20000 }).map((n) => Fraction.of(BigInt(n), 100n));

  it("never rates a better value lower, for either polarity and every scheme", () => {
    fc.assert(
      fc.property(
        value,
        value,
        fc.constantFrom("higher-is-better" as const, "lower-is-better" as const),
        fc.constantFrom(...schemes),
        fc.integer({ min: -100, max: 100 }),
        (a, b, polarity, scheme, t) => {
          const kpi = testKpi({
            polarity,
            tolerance: { kind: "relative", percent: "10" },
            blue: { kind: "absolute", amount: "20" },
          });
          const target = valueTarget("2019-04-01", String(t));
          const [worse, better] = (polarity === "higher-is-better" ? a.compare(b) <= 0 : a.compare(b) >= 0)
            ? [a, b]
            : [b, a];
          const rw = rank[judgeKpi({ kpi, scheme, value: worse, target }).status];
          const rb = rank[judgeKpi({ kpi, scheme, value: better, target }).status];
          expect(rb).toBeGreaterThanOrEqual(rw);
          expect(rw).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("is Green or Blue exactly when the target is met under the tolerance scheme", () => {
    fc.assert(
      fc.property(value, fc.integer({ min: -100, max: 100 }), (v, t) => {
        const status = judgeKpi({
          kpi: testKpi({ tolerance: { kind: "absolute", amount: "3" } }),
          scheme: tolerance,
          value: v,
          target: valueTarget("2019-04-01", String(t)),
        }).status;
        expect(status === "green").toBe(v.compare(Fraction.of(BigInt(t))) >= 0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("judgeKpi: a sum KPI's yearly target profiled to the months a value covers", () => {
  const schemes: RagScheme[] = [
    { kind: "tolerance" },
    { kind: "bands", green: { kind: "absolute", amount: "1" }, amber: { kind: "relative", percent: "5" } },
  ];
  const value = fc.integer({ min: -20000, max: 20000 }).map((n) => Fraction.of(BigInt(n), 100n));

  // (Not the improvement scheme: it compares with last year as shown, and rounding a value and its
  // year's rate to the places shown can tie one and not the other.)
  it("rates m months' value as it rates the year's rate (× 12 ÷ m) against the whole target", () => {
    // Profiling the target, tolerance, blue and bands by m/12 is the same as annualising the value:
    // every comparison is scaled by the same positive factor on both sides.
    fc.assert(
      fc.property(
        value,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("higher-is-better" as const, "lower-is-better" as const, "within-band" as const),
        fc.constantFrom(...schemes),
        fc.integer({ min: -100, max: 100 }),
        (v, months, polarity, scheme, t) => {
          const kpi = testKpi({
            unit: "count",
            aggregation: "sum",
            polarity,
            tolerance: { kind: "absolute", amount: "4" },
            ...(polarity === "within-band" ? {} : { blue: { kind: "absolute", amount: "20" } }),
          });
          const target =
            polarity === "within-band"
              ? {
                  kind: "band" as const,
                  effectiveFrom: "2019-04-01" as CalendarDate,
                  lower: String(t),
                  upper: String(t + 30),
                }
              : valueTarget("2019-04-01", String(t));
          const year = Fraction.of(12n, BigInt(months));
          const part = judgeKpi({ kpi, scheme, value: v, target, months });
          const whole = judgeKpi({ kpi, scheme, value: v.mul(year), target });
          expect(part.status).toBe(whole.status);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("leaves other aggregations, and a whole year, judged by the target as it is", () => {
    const ratio = testKpi({ tolerance: { kind: "absolute", amount: "5" } });
    const count = testKpi({ unit: "count", aggregation: "sum", tolerance: { kind: "absolute", amount: "5" } });
    expect(judgeKpi({ kpi: ratio, scheme: tolerance, value: f("76"), target: target80, months: 3 }).status).toBe(
      "amber",
    );
    expect(judgeKpi({ kpi: count, scheme: tolerance, value: f("76"), target: target80, months: 12 }).status).toBe(
      "amber",
    );
    // 76 in 3 months against 80 a year: 20 for the quarter, beaten by 56.
    expect(judgeKpi({ kpi: count, scheme: tolerance, value: f("76"), target: target80, months: 3 }).reason).toBe(
      "76 meets the target of 20 for 3 months (80 a year) (56 better)",
    );
  });
});
