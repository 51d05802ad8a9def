import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, parseDate, parsePeriod, subdivide } from "../period/index.js";
import { allocate } from "../run/index.js";
import { loadScenario, type ScenarioDocument } from "../schema/index.js";
import { oneServiceDocument, scenarioArb } from "../testing/scenarios.js";
import { type Advance, quarterlyAdvances } from "./advances.js";
import { rechargeRun } from "./rechargeRun.js";

/** £3,000 a month, dated on each month's last day of 2024/25. */
const MONTHLY = subdivide(parsePeriod("2024/25"), "month").map((month, i) => ({
  id: `M${String(i + 1).padStart(2, "0")}`,
  service: "SVC",
  pool: "pool",
  date: addDays(month.end, -1),
  amount: "3000.00",
}));

/** CCC and HDC share the service from 1 April; SCDC joins on `joins`. */
const joining = (joins: string, costLines: ScenarioDocument["costLines"] = MONTHLY): ScenarioDocument =>
  oneServiceDocument({
    rules: [
      { id: "two", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "equal", among: ["CCC", "HDC"] } },
      { id: "three", service: "SVC", effectiveFrom: joins, basis: { kind: "equal" } },
    ],
    costLines,
  });

const advancesOf = (doc: ScenarioDocument) => {
  const scenario = loadScenario(doc);
  return quarterlyAdvances(allocate(scenario, "2024/25"), scenario);
};

/** partner → its four quarters in minor units. */
const byPartner = (advances: readonly Advance[]) => {
  const out: Record<string, number[]> = {};
  for (const a of advances) out[a.partner] = [...(out[a.partner] ?? []), a.amount.minor];
  return out;
};

describe("quarterlyAdvances over a year whose rules change", () => {
  it("advances nothing for a partner before it joins, and the others' larger shares in the months they bore them", () => {
    // April to September: £3,000 a month between two, £4,500 each a quarter. October to March:
    // between three, £3,000 each a quarter.
    expect(byPartner(advancesOf(joining("2024-10-01")))).toEqual({
      CCC: [450_000, 450_000, 300_000, 300_000],
      HDC: [450_000, 450_000, 300_000, 300_000],
      SCDC: [0, 0, 300_000, 300_000],
    });
  });

  it("still advances a year's one rule in four equal quarters however the estimate's lines are dated", () => {
    // One annual line dated 1 April under the one rule all year: a quarter of each share a quarter.
    const annual = oneServiceDocument({
      costLines: [{ id: "Y", service: "SVC", pool: "pool", date: "2024-04-01", amount: "36000.00" }],
    });
    expect(byPartner(advancesOf(annual))).toEqual({
      CCC: [300_000, 300_000, 300_000, 300_000],
      HDC: [300_000, 300_000, 300_000, 300_000],
      SCDC: [300_000, 300_000, 300_000, 300_000],
    });
  });

  it("spreads a rule version's share over the months it is in force, counting a part month by its days", () => {
    // £12,000 dated 1 April under "two" (in force 1 April – 15 October: 6 months and 15/31 of
    // October, 201/31 months) and £9,000 dated 31 December under "three" (16 October – 31 March:
    // 16/31 of October and 5 months, 171/31 months).
    // CCC: £6,000 × 93/201 = £2,776.1194 in Q1 and Q2; Q3 £6,000 × 15/201 + £3,000 × 78/171 =
    // £447.7612 + £1,368.4211 = £1,816.1823; Q4 £3,000 × 93/171 = £1,631.5789. Down to pennies
    // £2,776.11, £2,776.11, £1,816.18, £1,631.57 (£8,999.97); the 3p left go to the largest
    // remainders (.94, .94, .89 against .22): £2,776.12, £2,776.12, £1,816.18, £1,631.58.
    // SCDC: £3,000 × 78/171 = £1,368.4211 in Q3 and £1,631.5789 in Q4: £1,368.42 and £1,631.58.
    const doc = joining("2024-10-16", [
      { id: "A", service: "SVC", pool: "pool", date: "2024-04-01", amount: "12000.00" },
      { id: "B", service: "SVC", pool: "pool", date: "2024-12-31", amount: "9000.00" },
    ]);
    expect(byPartner(advancesOf(doc))).toEqual({
      CCC: [277_612, 277_612, 181_618, 163_158],
      HDC: [277_612, 277_612, 181_618, 163_158],
      SCDC: [0, 0, 136_842, 163_158],
    });
  });

  it("advances quarterly estimated quantities in their own quarters", () => {
    const doc = oneServiceDocument({
      rules: [
        {
          id: "users",
          service: "SVC",
          effectiveFrom: "2024-04-01",
          basis: { kind: "driver", driver: "users", period: "quarter" },
        },
      ],
      costLines: MONTHLY,
      drivers: ["CCC", "HDC", "SCDC"].flatMap((partner) =>
        [1, 2, 3, 4].map((q) => ({
          driver: "users",
          partner,
          period: `2024/25-Q${q}`,
          quantity: partner === "SCDC" && q <= 2 ? "0" : "1",
        })),
      ),
    });
    expect(byPartner(advancesOf(doc))).toEqual({
      CCC: [450_000, 450_000, 300_000, 300_000],
      HDC: [450_000, 450_000, 300_000, 300_000],
      SCDC: [0, 0, 300_000, 300_000],
    });
  });

  it("gives a year run with a budget the same advances, and trues them up against the actuals", () => {
    const budget = loadScenario(joining("2024-10-01"));
    const run = rechargeRun({
      scenario: budget,
      budget,
      period: "2024/25",
      statements: { numbers: { CCC: "T-1", HDC: "T-2", SCDC: "T-3" }, issueDate: parseDate("2025-04-30") },
    });
    expect(byPartner(run.advances ?? [])).toEqual({
      CCC: [450_000, 450_000, 300_000, 300_000],
      HDC: [450_000, 450_000, 300_000, 300_000],
      SCDC: [0, 0, 300_000, 300_000],
    });
    // The budget came true: nothing to true up.
    expect(run.trueUp?.lines.map((l) => [l.partner, l.trueUp.minor])).toEqual([
      ["CCC", 0],
      ["HDC", 0],
      ["SCDC", 0],
    ]);
  });

  it("mirrors a credit: every estimated amount negated negates every advance", () => {
    fc.assert(
      fc.property(scenarioArb({ linearOnly: true, support: true }), (withIncome) => {
        // Income is received money, never negative: the mirror is of costs alone.
        const doc: ScenarioDocument = { ...withIncome, income: [] };
        const negate = (amount: string) => (amount.startsWith("-") ? amount.slice(1) : `-${amount}`);
        const negated: ScenarioDocument = {
          ...doc,
          costLines: (doc.costLines ?? []).map((l) => ({ ...l, amount: negate(l.amount) })),
        };
        const plain = advancesOf(doc).map((a) => [a.partner, a.service, a.quarter, a.amount.minor]);
        const mirrored = advancesOf(negated).map((a) => [a.partner, a.service, a.quarter, -a.amount.minor + 0]);
        expect(mirrored).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a scenario that does not have the estimate's rule versions", () => {
    const doc = joining("2024-10-01");
    const estimate = allocate(loadScenario(doc), "2024/25");
    expect(() => quarterlyAdvances(estimate, loadScenario(oneServiceDocument()))).toThrow(
      /allocated under rule version (two|three), which the scenario given does not have/,
    );
  });
});

describe("quarterlyAdvances with a hand-over and rule versions changing in the year", () => {
  it("sums to each lead's part for every partner, in the quarters that part covers", () => {
    fc.assert(
      fc.property(
        scenarioArb({ linearOnly: true, support: true }),
        fc.constantFrom("2024-07-01", "2024-10-01", "2025-02-01"),
        (doc, from) => {
          // The first service passes to another partner on `from`.
          const [first, ...others] = doc.services;
          fc.pre(first !== undefined);
          const next = doc.partners.map((p) => p.id).find((p) => p !== first?.lead) as string;
          const handed: ScenarioDocument = {
            ...doc,
            services: [
              { ...(first as NonNullable<typeof first>), handovers: [{ effectiveFrom: from, lead: next }] },
              ...others,
            ],
          };
          const scenario = loadScenario(handed);
          const estimate = allocate(scenario, "2024/25");
          const advances = quarterlyAdvances(estimate, scenario);
          for (const p of estimate.byPartner) {
            for (const s of p.services) {
              for (const part of s.byLead ?? [{ lead: undefined, from: undefined, to: undefined, total: s.total }]) {
                const paid = advances.filter(
                  (a) => a.partner === p.partner && a.service === s.service && a.leadFrom === part.from,
                );
                expect(paid.reduce((sum, a) => sum + a.amount.minor, 0)).toBe(part.total.minor);
                // A part is advanced only in the quarters it covers: Q1 for a part from 1 April.
                if (part.from !== undefined) {
                  expect(paid.every((a) => a.quarter !== "2024/25-Q1")).toBe(part.from !== "2024-04-01");
                }
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
