import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors/index.js";
import { Fraction } from "../exact/index.js";
import type { CalendarDate } from "../period/index.js";
import { codeOf } from "../testing/errors.js";
import { evaluateKpis } from "./evaluateKpis.js";
import type { KpiDefinition } from "./KpiDefinition.js";
import type { KpiMeasurement } from "./KpiMeasurement.js";
import type { KpiResult } from "./KpiScorecard.js";
import { testKpi, valueTarget } from "./testKpis.js";

const one = (kpi: KpiDefinition, measurements: KpiMeasurement[], year: string, asAt?: string): KpiResult => {
  const card = evaluateKpis({ kpis: [kpi], measurements, year, ...(asAt === undefined ? {} : { asAt }) });
  const result = card.kpis[0];
  if (result === undefined) throw new Error("no result");
  return result;
};

describe("evaluateKpis: Legal's litigation target beaten by 17.8 points (seed 004)", () => {
  const kpi = testKpi({ tolerance: { kind: "absolute", amount: "5" }, review: { margin: "10", periods: 2 } });
  const measurements: KpiMeasurement[] = [
    { kpi: kpi.code, period: "2019/20-Q1", numerator: "98", denominator: "100" },
    { kpi: kpi.code, period: "2019/20-Q2", numerator: "391", denominator: "400" },
  ];
  const result = one(kpi, measurements, "2019/20");

  it("reports April–September as 489 of 500 cases, 97.8%, not the mean of the quarters", () => {
    expect(result.yearToDate).toMatchObject({
      period: "2019/20",
      through: "2019/20-Q2",
      value: { exact: { numerator: "489", denominator: "5" }, display: "97.8", numerator: "489", denominator: "500" },
      target: { kind: "value", value: "80", effectiveFrom: "2019-04-01" },
      status: "green",
      reason: "97.8 meets the target of 80 (17.8 points better)",
    });
    expect(result.quarters.map((q) => [q.period, q.value?.display ?? null, q.status])).toEqual([
      ["2019/20-Q1", "98.0", "green"],
      ["2019/20-Q2", "97.8", "green"],
      ["2019/20-Q3", null, "no-data"],
      ["2019/20-Q4", null, "no-data"],
    ]);
    expect(result.quarters[1]?.direction).toEqual({ previous: "worse", lastYear: "n/a" });
  });

  it("flags the target for review after two quarters beaten by 10 points or more", () => {
    expect(result.reviewFlags).toEqual([
      {
        kind: "stretch-target",
        periods: ["2019/20-Q1", "2019/20-Q2"],
        smallestMargin: "17.75",
        message:
          "LEGAL-KPI-1 beat its target by 17.75 points or more in each of the 2 quarters 2019/20-Q1 to 2019/20-Q2 (review rule: 10 points for 2): consider a more stretching target",
      },
    ]);
    const threeQuarters = one({ ...kpi, review: { margin: "10", periods: 3 } }, measurements, "2019/20");
    expect(threeQuarters.reviewFlags).toEqual([]);
  });

  it("predicts year end from the year to date", () => {
    expect(result.predictedYearEnd).toMatchObject({
      method: "to-date",
      value: { display: "97.8" },
      status: "green",
      reason: "if the rest of the year is like the first 6 months: 97.8 meets the target of 80 (17.8 points better)",
    });
  });

  it("shows Blue with a blue threshold of 15 points", () => {
    const blue = one({ ...kpi, blue: { kind: "absolute", amount: "15" } }, measurements, "2019/20");
    expect(blue.yearToDate.status).toBe("blue");
    expect(blue.quarters.map((q) => q.status)).toEqual(["blue", "blue", "no-data", "no-data"]);
  });
});

describe("evaluateKpis: a satisfaction survey with a 30% return (seed 000)", () => {
  const kpi = testKpi({ code: "LEGAL-KPI-4", name: "Client satisfaction" });
  const survey: KpiMeasurement = {
    kpi: "LEGAL-KPI-4",
    period: "2019/20-Q2",
    numerator: "51",
    denominator: "60",
    responses: 60,
    population: 200,
  };

  it("gives a Wilson interval and warns that it straddles the target", () => {
    const result = one(kpi, [survey], "2019/20");
    const q2 = result.quarters[1];
    expect(q2?.status).toBe("green");
    expect(q2?.interval).toEqual({
      confidence: "95",
      lower: "73.885410",
      upper: "91.902560",
      responses: 60,
      population: 200,
      responseRate: "30.0",
      straddlesTarget: true,
    });
    expect(result.warnings).toContainEqual({
      kind: "interval-straddles-target",
      period: "2019/20-Q2",
      message:
        "LEGAL-KPI-4 2019/20-Q2: 60 responses of 200 (30.0%) give a 95% interval of 73.885410–91.902560, which contains the target: the sample cannot tell whether it was met",
    });
  });

  it("gives no interval when the response rate is at or above the threshold, or for a census", () => {
    const high = one({ ...kpi, sample: { lowResponseRate: "30", confidence: "95" } }, [survey], "2019/20");
    expect(high.quarters[1]?.interval).toBeUndefined();
    expect(high.warnings).toEqual([]);
    const census = one(kpi, [{ ...survey, population: 60 }], "2019/20");
    expect(census.quarters[1]?.interval).toBeUndefined();
  });

  it("does not warn when the whole interval clears the target", () => {
    const big = one(
      kpi,
      [{ ...survey, numerator: "935", denominator: "1000", responses: 1000, population: 4000 }],
      "2019/20",
    );
    expect(big.quarters[1]?.interval?.straddlesTarget).toBe(false);
    expect(big.warnings).toEqual([]);
  });
});

describe("evaluateKpis: ICT availability measured per council, month by month", () => {
  // Agreed service hours and hours available, per council (illustrative).
  const kpi = testKpi({
    code: "ICT-KPI-2",
    name: "Availability of core systems",
    service: "ICT",
    targets: [valueTarget("2024-04-01", "95")],
    tolerance: { kind: "absolute", amount: "2" },
    display: { decimals: 2, rounding: "half-up" },
  });
  const month = (period: string, partner: string, available: string, agreed: string): KpiMeasurement => ({
    kpi: "ICT-KPI-2",
    period,
    partner,
    numerator: available,
    denominator: agreed,
  });
  const measurements = [
    month("2024/25-P1", "CCC", "200", "210"),
    month("2024/25-P2", "CCC", "220", "220"),
    month("2024/25-P3", "CCC", "200", "200"),
    month("2024/25-P1", "HDC", "209", "210"),
    month("2024/25-P2", "HDC", "180", "220"),
    month("2024/25-P3", "HDC", "150", "200"),
    month("2024/25-P1", "SCDC", "210", "210"),
    month("2024/25-P2", "SCDC", "220", "220"),
    month("2024/25-P3", "SCDC", "199", "200"),
    month("2024/25-P4", "CCC", "230", "230"),
  ];
  const result = one(kpi, measurements, "2024/25");

  it("aggregates the quarter over months and councils: Σ available ÷ Σ agreed", () => {
    // 1788 of 1890 hours: 94.603…%, 0.397 short of 95 (Amber): HDC's 85.6% pulls the others down.
    expect(result.quarters[0]?.value).toEqual({
      exact: { numerator: "5960", denominator: "63" },
      display: "94.60",
      numerator: "1788",
      denominator: "1890",
      measurements: 9,
    });
    expect(result.quarters[0]?.status).toBe("amber");
  });

  it("breaks the figures down per council, judged against the same target", () => {
    expect(result.partners.map((p) => [p.partner, p.quarters[0]?.value?.display, p.quarters[0]?.status])).toEqual([
      ["CCC", "98.41", "green"],
      ["HDC", "85.56", "red"],
      ["SCDC", "99.84", "green"],
    ]);
    const hdc = result.partners[1];
    expect(hdc?.yearToDate.through).toBe("2024/25-P3");
  });

  it("warns of a Red month and a Red council that the quarter's figure hides, and of a partial quarter", () => {
    // Two major outages while the KPI stayed green (seed 000): the aggregate must not hide them.
    expect(result.warnings).toEqual([
      {
        kind: "red-month-in-quarter",
        period: "2024/25-Q1",
        message:
          "ICT-KPI-2 2024/25-Q1 is amber overall, but 2024/25-P3 alone was red: 91.5 is 3.5 points short of the target of 95, beyond the tolerance of 2 points",
      },
      {
        kind: "incomplete-period",
        period: "2024/25-Q2",
        partner: "CCC",
        message: "ICT-KPI-2 2024/25-Q2 has figures for CCC for 1 of its 3 months",
      },
      {
        kind: "red-partner",
        period: "2024/25-Q1",
        partner: "HDC",
        message:
          "ICT-KPI-2 2024/25-Q1 is amber for the partnership, but red for HDC: ≈85.555556 is ≈9.444444 points short of the target of 95, beyond the tolerance of 2 points",
      },
      {
        kind: "red-partner",
        period: "2024/25",
        partner: "HDC",
        message:
          "ICT-KPI-2 2024/25 is green for the partnership, but red for HDC: ≈85.555556 is ≈9.444444 points short of the target of 95, beyond the tolerance of 2 points",
      },
    ]);
    expect(result.yearToDate).toMatchObject({ through: "2024/25-P4", status: "green" });
  });
});

describe("evaluateKpis: the partnership's own figures and the councils'", () => {
  it("takes the partnership's figure where it has one, month by month, and the councils' elsewhere", () => {
    const kpi = testKpi();
    const m = (period: string, n: string, partner?: string): KpiMeasurement => ({
      kpi: kpi.code,
      period,
      numerator: n,
      denominator: "100",
      ...(partner === undefined ? {} : { partner }),
    });
    const result = one(
      kpi,
      [m("2024/25-Q1", "90"), m("2024/25-Q1", "80", "CCC"), m("2024/25-Q2", "70", "CCC"), m("2024/25-Q2", "60", "HDC")],
      "2024/25",
    );
    expect(result.quarters[0]?.value?.display).toBe("90.0");
    expect(result.quarters[1]?.value?.display).toBe("65.0");
    expect(result.yearToDate.value).toMatchObject({ numerator: "220", denominator: "300", measurements: 3 });
    expect(result.partners.map((p) => [p.partner, p.yearToDate.value?.numerator])).toEqual([
      ["CCC", "150"],
      ["HDC", "60"],
    ]);
  });
});

describe("evaluateKpis: corrective-action notes", () => {
  const kpi = testKpi({ tolerance: { kind: "absolute", amount: "5" } });
  const red: KpiMeasurement = { kpi: kpi.code, period: "2024/25-Q1", numerator: "70", denominator: "100" };

  it("warns when a Red period has no note, and lists the notes when it has", () => {
    const bare = one(kpi, [red], "2024/25");
    expect(bare.quarters[0]?.status).toBe("red");
    expect(bare.warnings).toEqual([
      {
        kind: "missing-corrective-action",
        period: "2024/25-Q1",
        message: "LEGAL-KPI-1 is Red for 2024/25-Q1 with no corrective-action note",
      },
      {
        kind: "missing-corrective-action",
        period: "2024/25",
        message: "LEGAL-KPI-1 is Red for 2024/25 with no corrective-action note",
      },
    ]);
    const noted = one(kpi, [{ ...red, note: "Two locums start in July" }], "2024/25");
    expect(noted.warnings).toEqual([]);
    expect(noted.quarters[0]?.notes).toEqual(["Two locums start in July"]);
  });
});

describe("evaluateKpis: targets in force then, not now", () => {
  const kpi = testKpi({
    targets: [valueTarget("2019-04-01", "80"), valueTarget("2020-04-01", "85"), valueTarget("2020-11-15", "90")],
  });
  const measurements: KpiMeasurement[] = ["2019/20-Q4", "2020/21-Q1", "2020/21-Q2", "2020/21-Q3", "2020/21-Q4"].map(
    (period) => ({ kpi: kpi.code, period, numerator: "87", denominator: "100" }),
  );

  it("judges each quarter by the version in force on its first day, and the year by the one at its start", () => {
    const result = one(kpi, measurements, "2020/21");
    expect(result.quarters.map((q) => [q.target?.value, q.status])).toEqual([
      ["85", "green"],
      ["85", "green"],
      ["85", "green"], // the 15 November change applies from the next quarter
      ["90", "red"],
    ]);
    expect(result.yearToDate.target?.value).toBe("85");
    expect(result.quarters[0]?.direction).toEqual({ previous: "same", lastYear: "n/a" });
  });

  it("never re-rates an earlier year with a later target", () => {
    expect(one(kpi, measurements, "2019/20").quarters[3]?.target?.value).toBe("80");
  });

  it("is not-applicable before the first target, with a warning when there are figures", () => {
    const result = one(kpi, [{ kpi: kpi.code, period: "2018/19-Q1", numerator: "1", denominator: "2" }], "2018/19");
    expect(result.quarters[0]?.status).toBe("not-applicable");
    expect(result.warnings.map((w) => w.kind)).toEqual(["no-target", "no-target"]);
  });
});

describe("evaluateKpis: improvement on last year, projections, as-at and monitoring", () => {
  it("rates Amber beyond tolerance when better than the same quarter last year", () => {
    const kpi = testKpi({
      code: "BC-KPI-3",
      unit: "days",
      polarity: "lower-is-better",
      aggregation: "mean",
      targets: [valueTarget("2023-04-01", "10")],
      tolerance: { kind: "relative", percent: "10" },
      display: { decimals: 1, rounding: "half-up" },
    });
    const measurements: KpiMeasurement[] = [
      { kpi: "BC-KPI-3", period: "2023/24-Q3", value: "14" },
      { kpi: "BC-KPI-3", period: "2024/25-Q2", value: "13", note: "Backlog after the system move" },
      { kpi: "BC-KPI-3", period: "2024/25-Q3", value: "12" },
    ];
    const card = evaluateKpis({ kpis: [kpi], measurements, year: "2024/25", scheme: { kind: "improvement" } });
    const q3 = card.kpis[0]?.quarters[2];
    expect(q3?.status).toBe("amber");
    expect(q3?.direction).toEqual({ previous: "improved", lastYear: "improved" });
    expect(card.kpis[0]?.quarters[1]?.status).toBe("red"); // no Q2 last year to have improved on
    expect(card.kpis[0]?.scheme).toEqual({ kind: "improvement" });
  });

  it("projects a count to twelve months at the rate so far", () => {
    const kpi = testKpi({
      code: "LEGAL-KPI-7",
      unit: "count",
      polarity: "lower-is-better",
      aggregation: "sum",
      targets: [valueTarget("2024-04-01", "40")],
      display: { decimals: 0, rounding: "half-up" },
    });
    const measurements = [3, 2, 4, 3, 3, 2, 4].map(
      (n, i): KpiMeasurement => ({ kpi: kpi.code, period: `2024/25-P${i + 1}`, value: String(n) }),
    );
    const result = one(kpi, measurements, "2024/25");
    expect(result.yearToDate.value?.display).toBe("21");
    expect(result.predictedYearEnd).toMatchObject({
      method: "projected",
      value: { exact: { numerator: "36", denominator: "1" }, display: "36" },
      status: "green",
      reason: "at the rate of the first 7 months, the year would reach 36: 36 meets the target of 40 (4 better)",
    });
  });

  it("keeps a stock within its band, council by council, and predicts from the latest figure", () => {
    const kpi = testKpi({
      code: "BC-KPI-9",
      name: "Applications in hand",
      unit: "count",
      polarity: "within-band",
      aggregation: "last",
      targets: [{ kind: "band", effectiveFrom: "2024-04-01" as CalendarDate, lower: "100", upper: "120" }],
      tolerance: { kind: "absolute", amount: "5" },
      display: { decimals: 0, rounding: "half-up" },
    });
    const m = (period: string, partner: string, value: string): KpiMeasurement => ({
      kpi: kpi.code,
      period,
      partner,
      value,
    });
    const result = one(
      kpi,
      [
        m("2024/25-P1", "CCC", "50"),
        m("2024/25-P3", "CCC", "60"),
        m("2024/25-P2", "HDC", "55"),
        m("2024/25-P4", "CCC", "70"),
        m("2024/25-P5", "HDC", "58"),
      ],
      "2024/25",
    );
    expect(result.quarters.map((q) => [q.value?.display ?? null, q.status])).toEqual([
      ["115", "green"], // CCC's P3 (60) + HDC's P2 (55)
      ["128", "red"],
      [null, "no-data"],
      [null, "no-data"],
    ]);
    expect(result.quarters[1]?.direction.previous).toBe("worse");
    expect(result.predictedYearEnd).toMatchObject({
      method: "latest",
      status: "red",
      reason: "if the latest figure holds: 128 is 8 above the band 100–120, beyond the tolerance of 5",
    });
  });

  it("ignores measurements after the as-at period", () => {
    const kpi = testKpi();
    const measurements: KpiMeasurement[] = ["2024/25-Q1", "2024/25-Q2", "2024/25-Q3"].map((period) => ({
      kpi: kpi.code,
      period,
      numerator: "9",
      denominator: "10",
    }));
    const card = evaluateKpis({ kpis: [kpi], measurements, year: "2024/25", asAt: "2024/25-Q2" });
    expect(card.asAt).toBe("2024/25-Q2");
    expect(card.kpis[0]?.yearToDate).toMatchObject({ through: "2024/25-Q2", value: { measurements: 2 } });
    expect(card.kpis[0]?.quarters[2]?.status).toBe("no-data");
    expect(codeOf(() => evaluateKpis({ kpis: [kpi], measurements, year: "2024/25", asAt: "2025/26-Q1" }))).toBe(
      "INVALID_PERIOD",
    );
  });

  it("shows monitoring-only KPIs in Grey and takes a year-only figure for the year", () => {
    const kpi = testKpi({
      code: "ICT-KPI-9",
      unit: "count",
      aggregation: "sum",
      monitoringOnly: true,
      targets: [],
      display: { decimals: 0, rounding: "half-up" },
    });
    const result = one(kpi, [{ kpi: "ICT-KPI-9", period: "2024/25", value: "1712" }], "2024/25");
    expect(result.quarters.map((q) => q.status)).toEqual(["no-data", "no-data", "no-data", "no-data"]);
    expect(result.yearToDate).toMatchObject({ status: "grey", through: "2024/25", value: { display: "1712" } });
    expect(result.predictedYearEnd?.method).toBe("actual");
    expect(result.warnings).toEqual([]);
  });
});

describe("evaluateKpis: invalid input", () => {
  it("reports every problem with its path", () => {
    const kpi = testKpi({ targets: [] });
    let issues: string[] = [];
    try {
      evaluateKpis({
        kpis: [kpi, kpi],
        measurements: [
          { kpi: "NOPE", period: "2024/25-Q1", value: "1" },
          { kpi: kpi.code, period: "2024/25-Q1", numerator: "1", denominator: "0" },
          { kpi: kpi.code, period: "2024/25-P2", numerator: "1", denominator: "2" },
          { kpi: kpi.code, period: "2024/25-Q2", value: "1" },
        ],
        year: "2024/25",
      });
    } catch (error) {
      if (isDomainError(error, "INVALID_KPI")) issues = error.issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(issues).toEqual([
      "kpis[0].targets: a KPI needs at least one target unless it is monitoring-only",
      'kpis[1].code: duplicate KPI code "LEGAL-KPI-1"',
      "kpis[1].targets: a KPI needs at least one target unless it is monitoring-only",
      'measurements[0].kpi: unknown KPI "NOPE"',
      'measurements[1].denominator: "0" is not a decimal greater than zero',
      "measurements[2].period: 2024/25-P2 overlaps measurements[1] (2024/25-Q1) of LEGAL-KPI-1 for the partnership",
      "measurements[3]: LEGAL-KPI-1 aggregates as a ratio: give a numerator and denominator, not a value",
    ]);
    expect(codeOf(() => evaluateKpis({ kpis: [], measurements: [], year: "2024/25-Q1" }))).toBe("INVALID_PERIOD");
  });
});

describe("evaluateKpis properties", () => {
  const partners = ["CCC", "HDC", "SCDC"] as const;
  const measurementArb = fc
    .uniqueArray(
      fc.record({
        month: fc.integer({ min: 1, max: 24 }),
        partner: fc.constantFrom(...partners),
        n: fc.integer({ min: 0, max: 500 }),
        extra: fc.integer({ min: 1, max: 500 }),
        note: fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
      }),
      { selector: (r) => `${r.month}/${r.partner}`, maxLength: 40 },
    )
    .map((rows) =>
      rows.map(
        (r): KpiMeasurement => ({
          kpi: "LEGAL-KPI-1",
          period: r.month <= 12 ? `2023/24-P${r.month}` : `2024/25-P${r.month - 12}`,
          partner: r.partner,
          numerator: String(r.n),
          denominator: String(r.n + r.extra),
          ...(r.note === undefined ? {} : { note: r.note }),
        }),
      ),
    );
  const kpi = testKpi({ tolerance: { kind: "absolute", amount: "5" }, review: { margin: "1", periods: 2 } });
  const within = (m: KpiMeasurement, prefix: string, months: number[]) => {
    const [, p] = m.period.split("-P");
    return m.period.startsWith(prefix) && months.includes(Number(p));
  };
  const exactRatio = (ms: KpiMeasurement[]) => {
    const n = ms.reduce((s, m) => s + BigInt(m.numerator ?? "0"), 0n);
    const d = ms.reduce((s, m) => s + BigInt(m.denominator ?? "0"), 0n);
    return d === 0n ? undefined : Fraction.of(n * 100n, d).toData();
  };

  it("gives every quarter, partner and year the ratio recomputed from the raw figures", () => {
    fc.assert(
      fc.property(measurementArb, (ms) => {
        const result = one(kpi, ms, "2024/25");
        const thisYear = ms.filter((m) => m.period.startsWith("2024/25"));
        expect(result.yearToDate.value?.exact).toEqual(exactRatio(thisYear));
        result.quarters.forEach((q, i) => {
          const months = [i * 3 + 1, i * 3 + 2, i * 3 + 3];
          expect(q.value?.exact).toEqual(exactRatio(ms.filter((m) => within(m, "2024/25", months))));
        });
        for (const p of result.partners) {
          expect(p.yearToDate.value?.exact).toEqual(exactRatio(thisYear.filter((m) => m.partner === p.partner)));
        }
        // The partners' numerators and denominators add up to the partnership's.
        const sum = (key: "numerator" | "denominator") =>
          result.partners.reduce((s, p) => s + BigInt(p.yearToDate.value?.[key] ?? "0"), 0n).toString();
        if (result.yearToDate.value !== null) {
          expect(sum("numerator")).toBe(result.yearToDate.value.numerator);
          expect(sum("denominator")).toBe(result.yearToDate.value.denominator);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the same scorecard for measurements in any order, and survives JSON unchanged", () => {
    fc.assert(
      fc.property(
        measurementArb.chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length }))),
        ([ms, shuffled]) => {
          const a = evaluateKpis({ kpis: [kpi], measurements: ms, year: "2024/25" });
          const b = evaluateKpis({ kpis: [kpi], measurements: shuffled, year: "2024/25" });
          expect(b).toEqual(a);
          expect(JSON.parse(JSON.stringify(a))).toEqual(a);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("gives a council the same figures whatever the other councils report", () => {
    fc.assert(
      fc.property(measurementArb, (ms) => {
        const alone = ms.filter((m) => m.partner === "CCC");
        const among = one(kpi, ms, "2024/25").partners.find((p) => p.partner === "CCC");
        expect(among).toEqual(one(kpi, alone, "2024/25").partners.find((p) => p.partner === "CCC"));
      }),
      { numRuns: 1000 },
    );
  });

  it("is unchanged by a target version that takes effect after the year", () => {
    fc.assert(
      fc.property(measurementArb, fc.integer({ min: 0, max: 100 }), (ms, t) => {
        const later = { ...kpi, targets: [...kpi.targets, valueTarget("2025-04-01", String(t))] };
        expect(one(later, ms, "2024/25")).toEqual(one(kpi, ms, "2024/25"));
      }),
      { numRuns: 1000 },
    );
  });
});
