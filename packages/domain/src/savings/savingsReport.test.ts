import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DomainError } from "../errors/index.js";
import { ROUNDING_MODES } from "../exact/index.js";
import { fromMinor, type Money, parseMoney } from "../money/index.js";
import { partnerId, serviceId } from "../scenario/ids.js";
import { codeOf } from "../testing/errors.js";
import {
  type Baseline,
  type Contribution,
  type OneOffItem,
  SAVINGS_ATTRIBUTIONS,
  type SavingsAttribution,
  type SavingsPlan,
} from "./SavingsPlan.js";
import { type SavingsTerms, savingsTermsOf } from "./SavingsTerms.js";
import { savingsReport } from "./savingsReport.js";

const gbp = (text: string): Money => parseMoney(text, "GBP");
const A = partnerId("AA");
const B = partnerId("BB");
const C = partnerId("CC");
const SVC = serviceId("SVC");

function plan(parts: Partial<SavingsPlan> = {}): SavingsPlan {
  return {
    currency: "GBP",
    rounding: "half-up",
    attribution: "actual",
    indices: [],
    baselines: [],
    contributions: [],
    oneOffs: [],
    ...parts,
  };
}

const baseline = (partner: typeof A, amount: string, extra: Partial<Baseline> = {}): Baseline => ({
  partner,
  service: SVC,
  baseYear: "2014/15",
  amount: gbp(amount),
  ...extra,
});
const contribution = (partner: typeof A, year: string, amount: string): Contribution => ({
  partner,
  service: SVC,
  year,
  amount: gbp(amount),
});

/** Own savings £30k and £70k (£100k in all) with contributions in the ratio 60:40. */
const hundredK = {
  baselines: [baseline(A, "630000"), baseline(B, "470000")],
  contributions: [contribution(A, "2015/16", "600000"), contribution(B, "2015/16", "400000")],
};

function savingOf(attribution: SavingsAttribution): Record<string, string> {
  const report = savingsReport(plan({ attribution, ...hundredK }));
  return Object.fromEntries(report.services.map((s) => [s.partner, (s.saving.minor / 100).toFixed(2)]));
}

describe("savingsReport", () => {
  it("gives each partner its own saving under the actual rule, £100k pro rata 60:40 as £60k and £40k, equally as £50k each", () => {
    expect(savingOf("actual")).toEqual({ AA: "30000.00", BB: "70000.00" });
    expect(savingOf("pro-rata")).toEqual({ AA: "60000.00", BB: "40000.00" });
    expect(savingOf("equal")).toEqual({ AA: "50000.00", BB: "50000.00" });
  });

  it("records the pooled total and the weights of a pro-rata split in the lineage", () => {
    const report = savingsReport(plan({ attribution: "pro-rata", ...hundredK }));
    const a = report.services.find((s) => s.partner === A);
    expect(a?.ownSaving).toEqual(gbp("30000"));
    expect(a?.lineage.pooled).toEqual({
      total: gbp("100000"),
      weights: [
        { partner: A, weight: "60000000" },
        { partner: B, weight: "40000000" },
      ],
    });
    expect(a?.lineage.contribution.amount).toEqual(gbp("600000"));
    expect(a?.lineage.baseline).toEqual({ baseYear: "2014/15", amount: gbp("630000") });
  });

  it("indexes a baseline by a 70:30 blend of pay and price indices exactly", () => {
    const report = savingsReport(
      plan({
        indices: [
          { id: "pay", name: "Pay", values: { "2014/15": "100", "2024/25": "121.5" } },
          { id: "prices", name: "Prices", values: { "2014/15": "100", "2024/25": "118.2" } },
        ],
        baselines: [
          baseline(A, "1000000", {
            indexation: [
              { index: "pay", weight: "70" },
              { index: "prices", weight: "30" },
            ],
          }),
        ],
        contributions: [contribution(A, "2024/25", "1000000")],
        targetPercent: "15",
      }),
    );
    const [row] = report.services;
    // 0.7 × 1.215 + 0.3 × 1.182 = 1.2051
    expect(row?.lineage.index.factor).toEqual({ numerator: "12051", denominator: "10000" });
    expect(row?.indexedBaseline).toEqual(gbp("1205100"));
    expect(row?.saving).toEqual(gbp("205100"));
    expect(row?.percentOfBaseline).toBe("17.02");
    expect(row?.target).toEqual({ percent: "15", amount: gbp("180765"), met: true, gap: gbp("24335") });
  });

  it("rounds a non-terminating index factor by the plan's rounding mode: £1m × 112.4/103.7 = £1,083,895.85", () => {
    const report = savingsReport(
      plan({
        indices: [{ id: "cpi", name: "CPI", values: { "2014/15": "103.7", "2015/16": "112.4" } }],
        baselines: [baseline(A, "1000000", { indexation: [{ index: "cpi", weight: "1" }] })],
        contributions: [contribution(A, "2015/16", "900000")],
      }),
    );
    expect(report.services[0]?.indexedBaseline).toEqual(gbp("1083895.85"));
    expect(report.services[0]?.lineage.index.factor).toEqual({ numerator: "1124", denominator: "1037" });
  });

  it("reports a shortfall against the target as a negative gap", () => {
    const report = savingsReport(
      plan({
        baselines: [baseline(A, "200000")],
        contributions: [contribution(A, "2015/16", "180000")],
        targetPercent: "15",
      }),
    );
    expect(report.services[0]?.target).toEqual({ percent: "15", amount: gbp("30000"), met: false, gap: gbp("-10000") });
  });

  it("measures a baseline of net income (a fee-earning service) by its size: £10k less income misses a 15% target", () => {
    // Before sharing A's service earned £100k net; now it earns £90k: a loss of £10k, not a saving.
    const worse = savingsReport(
      plan({
        baselines: [baseline(A, "-100000")],
        contributions: [contribution(A, "2015/16", "-90000")],
        targetPercent: "15",
      }),
    );
    expect(worse.services[0]?.saving).toEqual(gbp("-10000"));
    expect(worse.services[0]?.percentOfBaseline).toBe("-10.00");
    expect(worse.services[0]?.target).toEqual({ percent: "15", amount: gbp("15000"), met: false, gap: gbp("-25000") });
    expect(worse.partners[0]?.years[0]?.percentOfBaseline).toBe("-10.00");
    expect(worse.partners[0]?.years[0]?.target?.met).toBe(false);
    // Earning £120k instead saves £20k, 20% of the baseline's size, and meets the target.
    const better = savingsReport(
      plan({
        baselines: [baseline(A, "-100000")],
        contributions: [contribution(A, "2015/16", "-120000")],
        targetPercent: "15",
      }),
    );
    expect(better.services[0]?.percentOfBaseline).toBe("20.00");
    expect(better.services[0]?.target).toEqual({ percent: "15", amount: gbp("15000"), met: true, gap: gbp("5000") });
  });

  it("judges a saving against the baseline's size whatever its sign: the target is met exactly when the saving is at least that share of it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((n) => n !== 0),
        fc.integer({ min: -2_000_000, max: 2_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        (base, paid, percent) => {
          const report = savingsReport(
            plan({
              baselines: [baseline(A, String(base))],
              contributions: [contribution(A, "2015/16", String(paid))],
              targetPercent: String(percent),
            }),
          );
          const row = report.services[0];
          const saving = base - paid;
          // In whole pounds: target = percent% of |baseline|, exact to the penny.
          expect(row?.target?.amount).toEqual(fromMinor(Math.abs(base) * percent, "GBP"));
          expect(row?.target?.met).toBe(saving * 100 >= Math.abs(base) * percent);
          // The percentage never has the opposite sign to the saving.
          expect(Number(row?.percentOfBaseline) * Math.sign(saving)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it("accumulates savings year by year and across services per partner", () => {
    const report = savingsReport(
      plan({
        baselines: [baseline(A, "100000"), { ...baseline(A, "50000"), service: serviceId("LEG") }],
        contributions: [
          contribution(A, "2016/17", "95000"),
          contribution(A, "2015/16", "99000"),
          { partner: A, service: serviceId("LEG"), year: "2016/17", amount: gbp("40000") },
        ],
      }),
    );
    expect(report.years).toEqual(["2015/16", "2016/17"]);
    const years = report.partners[0]?.years ?? [];
    expect(years.map((y) => [y.year, y.saving, y.cumulative])).toEqual([
      ["2015/16", gbp("1000"), gbp("1000")],
      ["2016/17", gbp("15000"), gbp("16000")],
    ]);
  });

  it("splits a £1.2m set-up cost by baseline and a £0.5m grant equally, nets them and finds each payback", () => {
    const oneOffs: OneOffItem[] = [
      {
        id: "setup",
        kind: "cost",
        category: "set-up",
        year: "2015/16",
        amount: gbp("1200000"),
        split: { kind: "baseline" },
      },
      {
        id: "grant",
        kind: "funding",
        category: "grant",
        year: "2015/16",
        amount: gbp("500000"),
        split: { kind: "equal" },
      },
    ];
    const report = savingsReport(
      plan({
        baselines: [baseline(A, "2000000"), baseline(B, "1000000"), baseline(C, "1000000")],
        contributions: ["2015/16", "2016/17", "2017/18"].flatMap((year) => [
          contribution(A, year, "1800000"),
          contribution(B, year, "900000"),
          contribution(C, year, "1000000"),
        ]),
        oneOffs,
      }),
    );
    const setup = report.oneOffs.find((o) => o.item === "setup");
    expect(setup?.shares.map((s) => s.amount)).toEqual([gbp("600000"), gbp("300000"), gbp("300000")]);
    const grant = report.oneOffs.find((o) => o.item === "grant");
    // £500,000 / 3: the leftover penny goes to the lowest id among equal remainders.
    expect(grant?.shares.map((s) => s.amount)).toEqual([gbp("166666.67"), gbp("166666.67"), gbp("166666.66")]);
    const [a, b, c] = report.partners;
    // AA: net one-off £433,333.33; saves £200k a year → 2 + 33,333.33/200,000 years after 1 April 2015.
    expect(a?.oneOff.net).toEqual(gbp("433333.33"));
    expect(a?.payback).toEqual({
      status: "paid-back",
      year: "2017/18",
      years: "2.17",
      yearsExact: { numerator: "43333333", denominator: "20000000" },
    });
    // BB: net one-off £133,333.33; saves £100k a year → repaid a third of the way into its second year.
    expect(b?.payback).toMatchObject({ status: "paid-back", year: "2016/17", years: "1.33" });
    // CC saves nothing and bears the grant's short penny: still £133,333.34 short.
    expect(c?.payback).toEqual({ status: "not-yet", shortfall: gbp("133333.34") });
    expect(report.total.oneOffNet).toEqual(gbp("700000"));
    expect(report.total.netSaving).toEqual(gbp("200000"));
  });

  it("needs no payback when savings always cover the one-off costs", () => {
    const report = savingsReport(
      plan({
        baselines: [baseline(A, "100000")],
        contributions: [contribution(A, "2015/16", "50000")],
        oneOffs: [
          {
            id: "x",
            kind: "cost",
            category: "redundancy",
            year: "2015/16",
            amount: gbp("10000"),
            split: { kind: "direct", partner: A },
          },
        ],
      }),
    );
    expect(report.partners[0]?.payback).toEqual({ status: "none-needed" });
    expect(report.partners[0]?.netSaving).toEqual(gbp("40000"));
  });

  it("refuses a contribution without a baseline, a baseline without a year's contribution and a missing index value", () => {
    expect(codeOf(() => savingsReport(plan({ contributions: [contribution(A, "2015/16", "1")] })))).toBe(
      "MISSING_BASELINE",
    );
    expect(
      codeOf(() =>
        savingsReport(
          plan({ baselines: [baseline(A, "10"), baseline(B, "10")], contributions: [contribution(A, "2015/16", "1")] }),
        ),
      ),
    ).toBe("MISSING_CONTRIBUTION");
    expect(
      codeOf(() =>
        savingsReport(
          plan({
            indices: [{ id: "cpi", name: "CPI", values: { "2014/15": "100" } }],
            baselines: [baseline(A, "10", { indexation: [{ index: "cpi", weight: "1" }] })],
            contributions: [contribution(A, "2015/16", "1")],
          }),
        ),
      ),
    ).toBe("MISSING_INDEX");
    expect(
      codeOf(() =>
        savingsReport(plan({ baselines: [baseline(A, "10")], contributions: [contribution(A, "2015/16-Q1", "1")] })),
      ),
    ).toBe("INVALID_PERIOD");
    expect(
      codeOf(() => savingsReport(plan({ baselines: [{ ...baseline(A, "10"), amount: parseMoney("10", "USD") }] }))),
    ).toBe("CURRENCY_MISMATCH");
    expect(codeOf(() => savingsReport(plan({ baselines: [baseline(A, "10"), baseline(A, "20")] })))).toBe(
      "INVALID_SCENARIO",
    );
  });
});

const partnersArb = fc.uniqueArray(fc.constantFrom("AA", "BB", "CC", "DD"), { minLength: 1, maxLength: 4 });
const pence = fc.integer({ min: 0, max: 1_000_000_000 });

const planArb: fc.Arbitrary<PlanInput> = partnersArb.chain((ids) =>
  fc.record({
    attribution: fc.constantFrom<SavingsAttribution>("actual", "pro-rata", "equal"),
    baselines: fc.tuple(...ids.map(() => pence)),
    contributions: fc.array(fc.tuple(...ids.map(() => pence)), { minLength: 1, maxLength: 3 }),
    oneOff: fc.integer({ min: 0, max: 100_000_000 }),
    split: fc.constantFrom("equal", "baseline", "contribution") as fc.Arbitrary<"equal" | "baseline" | "contribution">,
    ids: fc.constant(ids),
  }),
);

interface PlanInput {
  readonly ids: string[];
  readonly attribution: SavingsAttribution;
  readonly baselines: number[];
  readonly contributions: number[][];
  readonly oneOff: number;
  readonly split: "equal" | "baseline" | "contribution";
}

function build(input: PlanInput): SavingsPlan {
  const ids = input.ids;
  const years = ["2015/16", "2016/17", "2017/18"];
  return plan({
    attribution: input.attribution,
    baselines: ids.map((id, i) => ({
      partner: partnerId(id),
      service: SVC,
      baseYear: "2014/15",
      amount: fromMinor(input.baselines[i] as number, "GBP"),
    })),
    contributions: input.contributions.flatMap((row, y) =>
      ids.map((id, i) => ({
        partner: partnerId(id),
        service: SVC,
        year: years[y] as string,
        amount: fromMinor(row[i] as number, "GBP"),
      })),
    ),
    oneOffs: [
      {
        id: "one-off",
        kind: "cost",
        category: "set-up",
        year: "2015/16",
        amount: fromMinor(input.oneOff, "GBP"),
        split: { kind: input.split },
      },
    ],
  });
}

function attempt<T>(fn: () => T): T | "zero-weights" {
  try {
    return fn();
  } catch (error) {
    if ((error as { code?: string }).code === "ZERO_TOTAL_WEIGHT") return "zero-weights";
    throw error;
  }
}

describe("savingsReport properties", () => {
  it("conserves each service-year's total saving under every attribution rule, and splits one-off items exactly", () => {
    fc.assert(
      fc.property(planArb, (input) => {
        const report = attempt(() => savingsReport(build(input)));
        if (report === "zero-weights") return;
        for (const year of report.years) {
          const rows = report.services.filter((s) => s.year === year);
          const own = rows.reduce((acc, s) => acc + s.ownSaving.minor, 0);
          const attributed = rows.reduce((acc, s) => acc + s.saving.minor, 0);
          expect(attributed).toBe(own);
        }
        for (const o of report.oneOffs) {
          expect(o.shares.reduce((acc, s) => acc + s.amount.minor, 0)).toBe(o.amount.minor);
        }
        for (const p of report.partners) {
          const last = p.years.at(-1);
          expect(p.saving.minor).toBe(p.years.reduce((acc, y) => acc + y.saving.minor, 0));
          expect(last?.netCumulative.minor).toBe(p.netSaving.minor);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the same report whatever the order of baselines, contributions and one-off items", () => {
    fc.assert(
      fc.property(planArb, fc.infiniteStream(fc.nat()), (input, seeds) => {
        const original = build(input);
        const shuffle = <T>(xs: readonly T[]): T[] =>
          xs
            .map((x) => ({ x, k: seeds.next().value as number }))
            .sort((p, q) => p.k - q.k)
            .map((p) => p.x);
        const shuffled = {
          ...original,
          baselines: shuffle(original.baselines),
          contributions: shuffle(original.contributions),
        };
        const a = attempt(() => savingsReport(original));
        const b = attempt(() => savingsReport(shuffled));
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      { numRuns: 1000 },
    );
  });

  it("pays back exactly when the cumulative net saving turns non-negative for good", () => {
    fc.assert(
      fc.property(planArb, (input) => {
        const report = attempt(() => savingsReport(build(input)));
        if (report === "zero-weights") return;
        for (const p of report.partners) {
          const nets = p.years.map((y) => y.netCumulative.minor);
          const lastNegative = nets.map((n) => n < 0).lastIndexOf(true);
          if (lastNegative === -1) expect(p.payback.status).toBe("none-needed");
          else if (lastNegative === nets.length - 1) expect(p.payback.status).toBe("not-yet");
          else expect(p.payback).toMatchObject({ status: "paid-back", year: p.years[lastNegative + 1]?.year });
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("savingsReport with terms by year", () => {
  /** A and B each pay £1,000 a year against baselines of £1,200 and £1,050: own savings £200 and £50. */
  const twoYears = plan({
    attribution: "equal",
    baselines: [baseline(A, "1200"), baseline(B, "1050")],
    contributions: ["2024/25", "2025/26"].flatMap((y) => [contribution(A, y, "1000"), contribution(B, y, "1000")]),
  });
  const actual2024 = { "2024/25": { rounding: "half-up", attribution: "actual", indices: [], source: "v1" } } as const;
  const lines = (report: ReturnType<typeof savingsReport>) =>
    report.services.map((s) => [s.year, s.partner, s.saving.minor, s.cumulative.minor, s.lineage.attribution]);

  it("rates 2024/25 by the actual rule agreed for it and 2025/26 by equal shares: A £200 + £125, B £50 + £125", () => {
    const report = savingsReport(twoYears, [], { termsByYear: actual2024 });
    expect(lines(report)).toEqual([
      ["2024/25", "AA", 20000, 20000, "actual"],
      ["2024/25", "BB", 5000, 5000, "actual"],
      ["2025/26", "AA", 12500, 32500, "equal"],
      ["2025/26", "BB", 12500, 17500, "equal"],
    ]);
    expect(report.services.map((s) => s.lineage.terms)).toEqual(["v1", "v1", undefined, undefined]);
    expect(report.partners.map((p) => [p.partner, p.saving.minor, p.years.map((y) => y.cumulative.minor)])).toEqual([
      ["AA", 32500, [20000, 32500]],
      ["BB", 17500, [5000, 17500]],
    ]);
    expect(report.total.saving.minor).toBe(50000);
    // Without the year's own terms, the plan's equal shares re-rate 2024/25 as £125 each.
    expect(lines(savingsReport(twoYears)).slice(0, 2)).toEqual([
      ["2024/25", "AA", 12500, 12500, "equal"],
      ["2024/25", "BB", 12500, 12500, "equal"],
    ]);
  });

  it("indexes, rounds and judges each year against the target of its own terms", () => {
    const pay = (values: Record<string, string>) => [
      { id: "pay", name: "Pay", values: { "2014/15": "100", ...values } },
    ];
    const indexed = plan({
      rounding: "half-up",
      targetPercent: "10",
      indices: pay({ "2024/25": "112", "2025/26": "115" }),
      baselines: [baseline(A, "1000", { indexation: [{ index: "pay", weight: "1" }] })],
      contributions: [contribution(A, "2024/25", "1000"), contribution(A, "2025/26", "1000")],
    });
    const report = savingsReport(indexed, [], {
      termsByYear: {
        // 2024/25 as first agreed: pay 110.5 for that year, a 15% target, rounding down.
        "2024/25": {
          rounding: "down",
          attribution: "actual",
          targetPercent: "15",
          indices: pay({ "2024/25": "110.5" }),
        },
      },
    });
    const [first, second] = report.services;
    // £1,000 × 110.5/100 = £1,105.00; target 15% of it = £165.75, short by £60.75.
    expect(first?.indexedBaseline.minor).toBe(110500);
    expect(first?.target).toEqual({ percent: "15", amount: gbp("165.75"), met: false, gap: gbp("-60.75") });
    expect(first?.lineage.index.steps).toEqual([{ index: "pay", weight: "1", baseValue: "100", yearValue: "110.5" }]);
    // 2025/26 by the plan: £1,150.00, target 10% = £115.00, saving £150 meets it.
    expect(second?.indexedBaseline.minor).toBe(115000);
    expect(second?.target).toEqual({ percent: "10", amount: gbp("115"), met: true, gap: gbp("35") });
    expect(report.partners[0]?.years.map((y) => y.percentOfBaseline)).toEqual(["9.50", "13.04"]);
  });

  it("refuses terms that are not valid, naming each year and field", () => {
    const bad = {
      "2024-25": { rounding: "half-up", attribution: "actual", indices: [] },
      "2025/26": {
        rounding: "nearest",
        attribution: "each",
        targetPercent: "-1",
        indices: [{ id: "pay", name: "Pay", values: { "2025/26": "0" } }],
      },
    } as unknown as Record<string, SavingsTerms>;
    const error = (() => {
      try {
        savingsReport(twoYears, [], { termsByYear: bad });
      } catch (e) {
        return e as DomainError;
      }
      return undefined;
    })();
    expect(error?.code).toBe("INVALID_SCENARIO");
    expect(error?.issues?.map((i) => i.path)).toEqual([
      "termsByYear.2024-25",
      "termsByYear.2025/26.rounding",
      "termsByYear.2025/26.attribution",
      "termsByYear.2025/26.targetPercent",
      "termsByYear.2025/26.indices[0].values.2025/26",
    ]);
  });
});

const TERMS_YEARS = ["2015/16", "2016/17", "2017/18", "2018/19"];
const termsArb: fc.Arbitrary<SavingsTerms> = fc
  .record(
    {
      rounding: fc.constantFrom(...ROUNDING_MODES),
      attribution: fc.constantFrom(...SAVINGS_ATTRIBUTIONS),
      targetPercent: fc.integer({ min: 0, max: 3000 }).map((n) => (n / 100).toFixed(2)),
      indices: fc.tuple(...TERMS_YEARS.map(() => fc.integer({ min: 1, max: 2000 }))).map((values) => [
        {
          id: "pay",
          name: "Pay",
          values: Object.fromEntries([["2014/15", "100"], ...TERMS_YEARS.map((y, i) => [y, (values[i] ?? 1) / 10])]),
        },
      ]),
    },
    { requiredKeys: ["rounding", "attribution", "indices"] },
  )
  .map((t) => ({
    ...t,
    indices: t.indices.map((s) => ({
      ...s,
      values: Object.fromEntries(Object.entries(s.values).map(([y, v]) => [y, String(v)])),
    })),
  }));

/** A plan over two services and up to four years, half the baselines indexed, under any terms. */
const termsPlanArb: fc.Arbitrary<SavingsPlan> = fc
  .record({
    terms: termsArb,
    partners: partnersArb,
    years: fc.integer({ min: 1, max: TERMS_YEARS.length }),
    amounts: fc.array(fc.integer({ min: 1, max: 100_000_000 }), { minLength: 64, maxLength: 64 }),
  })
  .map(({ terms, partners, years, amounts }) => {
    let next = 0;
    const amount = () => fromMinor(amounts[next++ % amounts.length] as number, "GBP");
    const services = [serviceId("ICT"), serviceId("LEGAL")];
    return plan({
      ...terms,
      baselines: services.flatMap((service, s) =>
        partners.map((p, i) => ({
          partner: partnerId(p),
          service,
          baseYear: "2014/15",
          amount: amount(),
          ...((s + i) % 2 === 0 ? { indexation: [{ index: "pay", weight: "1" }] } : {}),
        })),
      ),
      contributions: TERMS_YEARS.slice(0, years).flatMap((year) =>
        services.flatMap((service) =>
          partners.map((p) => ({ partner: partnerId(p), service, year, amount: amount() })),
        ),
      ),
    });
  });

describe("savingsReport with terms by year: properties", () => {
  it("changes nothing when every year is given the plan's own terms", () => {
    fc.assert(
      fc.property(termsPlanArb, (p) => {
        const own = savingsTermsOf(p);
        const termsByYear = Object.fromEntries(TERMS_YEARS.map((y) => [y, own]));
        expect(savingsReport(p, [], { termsByYear })).toEqual(savingsReport(p));
      }),
      { numRuns: 1000 },
    );
  });

  it("leaves every earlier year's lines and cumulative figures unchanged when a later year's terms change", () => {
    fc.assert(
      fc.property(
        termsPlanArb,
        fc.dictionary(fc.constantFrom(...TERMS_YEARS), termsArb),
        fc.integer({ min: 1, max: TERMS_YEARS.length - 1 }),
        termsArb,
        (p, termsByYear, cut, later) => {
          const from = TERMS_YEARS[cut] as string;
          const changed = {
            ...termsByYear,
            ...Object.fromEntries(TERMS_YEARS.slice(cut).map((y) => [y, later])),
          };
          const before = savingsReport(p, [], { termsByYear });
          const after = savingsReport(p, [], { termsByYear: changed });
          const earlier = (r: typeof before) => ({
            services: r.services.filter((s) => s.year < from),
            partners: r.partners.map((x) => x.years.filter((y) => y.year < from)),
          });
          expect(earlier(after)).toEqual(earlier(before));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** Each figure of the report's partnership total of each year, against the sum of its partners' figures. */
function expectPartnershipIsSumOfPartners(report: ReturnType<typeof savingsReport>): void {
  const figures = ["indexedBaseline", "contribution", "saving", "cumulative", "oneOffNet", "netCumulative"] as const;
  expect(report.partnership.map((t) => t.year)).toEqual(report.years);
  for (const t of report.partnership) {
    const of = report.partners.flatMap((p) => p.years.filter((y) => y.year === t.year));
    for (const k of figures) {
      expect(t[k]).toEqual(
        fromMinor(
          of.reduce((acc, y) => acc + y[k].minor, 0),
          "GBP",
        ),
      );
    }
  }
  const last = report.partnership.at(-1);
  if (last !== undefined) {
    expect([last.cumulative, last.netCumulative]).toEqual([report.total.saving, report.total.netSaving]);
  }
}

describe("savingsReport's partnership totals", () => {
  it("are, for every year and figure, exactly the sum of the partners' figures, ending at the report's totals", () => {
    fc.assert(
      fc.property(planArb, (input) => {
        const report = attempt(() => savingsReport(build(input)));
        if (report === "zero-weights") return;
        expectPartnershipIsSumOfPartners(report);
      }),
      { numRuns: 1000 },
    );
  });

  it("are the partners' sums too when each year is rated by its own terms", () => {
    fc.assert(
      fc.property(termsPlanArb, fc.dictionary(fc.constantFrom(...TERMS_YEARS), termsArb), (p, termsByYear) => {
        expectPartnershipIsSumOfPartners(savingsReport(p, [], { termsByYear }));
      }),
      { numRuns: 1000 },
    );
  });

  it("give the partnership's year in the report itself: A saves £200 and B £50, the partnership £250", () => {
    const report = savingsReport(
      plan({
        baselines: [baseline(A, "1200"), baseline(B, "1050")],
        contributions: [contribution(A, "2024/25", "1000"), contribution(B, "2024/25", "1000")],
      }),
    );
    expect(report.partnership).toEqual([
      {
        year: "2024/25",
        indexedBaseline: gbp("2250"),
        contribution: gbp("2000"),
        saving: gbp("250"),
        cumulative: gbp("250"),
        oneOffNet: gbp("0"),
        netCumulative: gbp("250"),
      },
    ]);
  });
});
