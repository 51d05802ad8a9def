import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromMinor, parseMoney, toDecimalString } from "../money/index.js";
import { allocate } from "../run/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import { type BasisDocument, loadScenario, type ScenarioDocument } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { oneServiceDocument, scenarioArb, yearly } from "../testing/scenarios.js";
import { quarterlyAdvances } from "./advances.js";
import { trueUp } from "./trueUp.js";

const byUsers = (amount: string, users: Record<string, string>): ScenarioDocument =>
  oneServiceDocument({
    rules: [{ id: "users", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } }],
    costLines: [{ id: "C1", service: "SVC", pool: "pool", date: "2024-09-30", amount }],
    drivers: yearly("users", users),
  });
const yearOf = (doc: ScenarioDocument) => allocate(loadScenario(doc), "2024/25");
const charges = (r: ReturnType<typeof trueUp>) =>
  r.lines.map((l) => [l.partner, l.charge.minor, l.advances.minor, l.trueUp.minor]);

describe("quarterlyAdvances", () => {
  it("splits each estimated charge into four quarters that sum to it, earliest quarters taking the odd pennies", () => {
    // CCC's third of £1,000.03 is £333.35 (the tied penny goes to the lowest id): 8,333.75p a quarter.
    const doc = byUsers("1000.03", { CCC: "1", HDC: "1", SCDC: "1" });
    const advances = quarterlyAdvances(yearOf(doc), loadScenario(doc));
    expect(advances.filter((a) => a.partner === "CCC").map((a) => [a.quarter, a.amount.minor])).toEqual([
      ["2024/25-Q1", 8_334],
      ["2024/25-Q2", 8_334],
      ["2024/25-Q3", 8_334],
      ["2024/25-Q4", 8_333],
    ]);
  });

  it("sums to the year for every partner and service", () => {
    fc.assert(
      fc.property(scenarioArb({ support: true }), (doc) => {
        const estimate = yearOf(doc);
        const advances = quarterlyAdvances(estimate, loadScenario(doc));
        for (const p of estimate.byPartner) {
          for (const s of p.services) {
            const paid = advances.filter((a) => a.partner === p.partner && a.service === s.service);
            expect(paid).toHaveLength(4);
            expect(paid.reduce((sum, a) => sum + a.amount.minor, 0)).toBe(s.total.minor);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses an estimate for less than a year", () => {
    expect(() =>
      quarterlyAdvances(
        allocate(loadScenario(byUsers("1.00", { CCC: "1", HDC: "1", SCDC: "1" })), "2024/25-Q1"),
        loadScenario(byUsers("1.00", { CCC: "1", HDC: "1", SCDC: "1" })),
      ),
    ).toThrow(/whole year/);
  });
});

describe("trueUp", () => {
  const estimateDoc = byUsers("100000.00", { CCC: "500", HDC: "300", SCDC: "200" });
  const estimate = yearOf(estimateDoc);

  it("charges actual minus advances, and advances plus true-up equal the actual share", () => {
    const actual = yearOf(byUsers("120000.00", { CCC: "540", HDC: "260", SCDC: "200" }));
    expect(charges(trueUp(estimate, actual, loadScenario(estimateDoc)))).toEqual([
      ["CCC", 6_480_000, 5_000_000, 1_480_000],
      ["HDC", 3_120_000, 3_000_000, 120_000],
      ["SCDC", 2_400_000, 2_000_000, 400_000],
    ]);
  });

  it("keeps the estimated split when every share is within the 3-point tolerance", () => {
    // Actual shares 51% / 29% / 20% against 50 / 30 / 20: within 3 points, so £120,000 is split 50/30/20.
    const actual = yearOf(byUsers("120000.00", { CCC: "510", HDC: "290", SCDC: "200" }));
    const result = trueUp(estimate, actual, loadScenario(estimateDoc), { tolerancePoints: "3" });
    expect(charges(result)).toEqual([
      ["CCC", 6_000_000, 5_000_000, 1_000_000],
      ["HDC", 3_600_000, 3_000_000, 600_000],
      ["SCDC", 2_400_000, 2_000_000, 400_000],
    ]);
    expect(result.lines[0]?.adjustments).toEqual([
      {
        policy: "tolerance",
        amount: { currency: "GBP", minor: -120_000 },
        note: "within 3 points: estimated split kept",
      },
    ]);
    expect(result.lines.map((l) => [l.estimatedPercent, l.actualPercent])[0]).toEqual(["50.0000", "51.0000"]);
    // CCC's share moves 4 points (54% against 50%): beyond the band, the actual split applies.
    const moved = yearOf(byUsers("120000.00", { CCC: "540", HDC: "260", SCDC: "200" }));
    expect(charges(trueUp(estimate, moved, loadScenario(estimateDoc), { tolerancePoints: "3" }))[0]).toEqual([
      "CCC",
      6_480_000,
      5_000_000,
      1_480_000,
    ]);
  });

  it("adjusts only when a share moves by more than the tolerance: a move of exactly 3 points keeps the estimated split", () => {
    // CCC 53% against 50%, HDC 27% against 30%: each exactly 3 points, not more.
    const actual = yearOf(byUsers("120000.00", { CCC: "530", HDC: "270", SCDC: "200" }));
    const result = trueUp(estimate, actual, loadScenario(estimateDoc), { tolerancePoints: "3" });
    expect(charges(result)).toEqual([
      ["CCC", 6_000_000, 5_000_000, 1_000_000],
      ["HDC", 3_600_000, 3_000_000, 600_000],
      ["SCDC", 2_400_000, 2_000_000, 400_000],
    ]);
    // A hundredth of a point more is beyond the band: 5,301 of 10,000 users is 53.01%.
    const beyond = yearOf(byUsers("120000.00", { CCC: "5301", HDC: "2699", SCDC: "2000" }));
    expect(charges(trueUp(estimate, beyond, loadScenario(estimateDoc), { tolerancePoints: "3" }))[0]).toEqual([
      "CCC",
      6_361_200,
      5_000_000,
      1_361_200,
    ]);
  });

  it("refuses advances in another currency rather than adding their minor units to pounds", () => {
    const actual = yearOf(byUsers("120000.00", { CCC: "500", HDC: "300", SCDC: "200" }));
    const advances = quarterlyAdvances(estimate, loadScenario(estimateDoc)).map((a, i) =>
      i === 0 ? { ...a, amount: { currency: "USD" as const, minor: a.amount.minor } } : a,
    );
    expect(() => trueUp(estimate, actual, loadScenario(estimateDoc), {}, advances)).toThrow(
      "An advance of CCC for SVC (2024/25-Q1) is in USD, the actuals in GBP",
    );
  });

  it("keeps a credit a credit when the tolerance keeps an estimated split with a negative share", () => {
    // A direct-charge pool gives HDC a credit (income), the rest is shared; within the band the
    // estimated proportions, signs included, apply to the actual total.
    const doc = (ccc: string): ScenarioDocument => ({
      ...oneServiceDocument({
        rules: [
          {
            id: "fixed",
            service: "SVC",
            effectiveFrom: "2024-04-01",
            basis: { kind: "fixed", unit: "ratio", shares: { CCC: "1" } },
          },
          {
            id: "credit",
            service: "SVC",
            pool: "credit",
            effectiveFrom: "2024-04-01",
            basis: { kind: "direct", partner: "SCDC" },
          },
        ],
        costLines: [
          { id: "A", service: "SVC", pool: "pool", date: "2024-05-01", amount: ccc },
          { id: "B", service: "SVC", pool: "credit", date: "2024-05-01", amount: "-50.00" },
        ],
      }),
      services: [
        {
          id: "SVC",
          name: "S",
          lead: "HDC",
          pools: [
            { id: "pool", name: "P" },
            { id: "credit", name: "C" },
          ],
        },
      ],
    });
    const result = trueUp(yearOf(doc("150.00")), yearOf(doc("151.00")), loadScenario(doc("150.00")), {
      tolerancePoints: "3",
    });
    // Estimate CCC +£150, SCDC −£50 (+150%/−50% of £100); actual £101 split the same way: +£151.50 / −£50.50.
    expect(result.lines.map((l) => [l.partner, l.charge.minor])).toEqual([
      ["CCC", 15_150],
      ["HDC", 0],
      ["SCDC", -5_050],
    ]);
  });

  it("dampens a change of basis: no partner pays more than 10% above the old basis", () => {
    // £90,000: the old basis (equal) gives £30,000 each; the new one (users 500/300/100) gives £50,000,
    // £30,000, £10,000. CCC is capped at £33,000; the £17,000 excess goes to the others by their
    // charges (HDC only up to its own cap of £33,000), or all to the lead.
    const previous = yearOf({
      ...byUsers("90000.00", { CCC: "500", HDC: "300", SCDC: "100" }),
      rules: [{ id: "old", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "equal" } }],
    });
    const actual = yearOf(byUsers("90000.00", { CCC: "500", HDC: "300", SCDC: "100" }));
    const scenario = loadScenario(estimateDoc);
    const others = trueUp(estimate, actual, scenario, {
      dampening: { previous, maxIncreasePercent: "10", borneBy: "others" },
    });
    expect(others.lines.map((l) => [l.partner, l.charge.minor])).toEqual([
      ["CCC", 3_300_000],
      ["HDC", 3_300_000],
      ["SCDC", 2_400_000],
    ]);
    const lead = trueUp(estimate, actual, scenario, {
      dampening: { previous, maxIncreasePercent: "10", borneBy: "lead" },
    });
    expect(lead.lines.map((l) => [l.partner, l.charge.minor])).toEqual([
      ["CCC", 3_300_000],
      ["HDC", 4_700_000],
      ["SCDC", 1_000_000],
    ]);
  });

  it("dampens a change of basis on a service in surplus: no partner's credit shrinks by more than 10% of it", () => {
    // Building Control earns £100,000 of fees on £10,000 of costs: a surplus of £90,000 returned as
    // credits. The old basis (equal) credits each £30,000; the new one (users 500/300/100) credits
    // £50,000, £30,000 and £10,000. SCDC's charge rises by £20,000 (its credit falls from £30,000 to
    // £10,000): capped at −£30,000 + 10% × £30,000 = −£27,000, an excess of £17,000 to bear.
    const surplus = (basis: BasisDocument): ScenarioDocument => ({
      ...byUsers("10000.00", { CCC: "500", HDC: "300", SCDC: "100" }),
      rules: [{ id: "r", service: "SVC", effectiveFrom: "2024-04-01", basis }],
      income: [{ id: "FEES", service: "SVC", date: "2024-09-30", amount: "100000.00" }],
    });
    const previous = yearOf(surplus({ kind: "equal" }));
    const actual = yearOf(surplus({ kind: "driver", driver: "users" }));
    const scenario = loadScenario(surplus({ kind: "driver", driver: "users" }));
    const charged = (borneBy: "others" | "lead") =>
      trueUp(actual, actual, scenario, { dampening: { previous, maxIncreasePercent: "10", borneBy } }).lines.map(
        (l) => [l.partner, l.charge.minor],
      );
    // Borne by the others by the size of their credits: CCC 50/80 and HDC 30/80 of £17,000 is
    // £10,625 and £6,375, but HDC may give up only £3,000 (to its own cap of −£27,000); CCC gives up
    // the other £14,000. −£36,000 / −£27,000 / −£27,000, still −£90,000 in all.
    expect(charged("others")).toEqual([
      ["CCC", -3_600_000],
      ["HDC", -2_700_000],
      ["SCDC", -2_700_000],
    ]);
    // Borne by the lead (HDC): −£30,000 + £17,000 = −£13,000.
    expect(charged("lead")).toEqual([
      ["CCC", -5_000_000],
      ["HDC", -1_300_000],
      ["SCDC", -2_700_000],
    ]);
  });

  it("never leaves a partner other than the lead above its cap, charge or credit, and still sums to the actual cost (property)", () => {
    fc.assert(
      fc.property(scenarioArb({ linearOnly: true }), fc.constantFrom("0", "10", "25"), (doc, pct) => {
        // The previous basis: every service shared equally among its participants.
        const rules = doc.services.map((s) => ({
          id: `eq-${s.id}`,
          service: s.id,
          effectiveFrom: "2024-04-01",
          basis: { kind: "equal" as const },
        }));
        const previous = yearOf({ ...doc, rules });
        const actual = yearOf(doc);
        const result = trueUp(actual, actual, loadScenario(doc), {
          dampening: { previous, maxIncreasePercent: pct, borneBy: "others" },
        });
        for (const l of result.lines) {
          const before = previous.byPartner
            .find((p) => p.partner === l.partner)
            ?.services.find((s) => s.service === l.service)?.total.minor;
          if (l.isLead || before === undefined || before === 0) continue;
          const size = BigInt(Math.abs(before));
          const cap = BigInt(before) + (size * BigInt(pct)) / 100n; // size ≥ 0: division floors
          expect(BigInt(l.charge.minor) <= cap).toBe(true);
        }
        for (const s of actual.byService) {
          const mine = result.lines.filter((l) => l.service === s.service);
          expect(mine.reduce((sum, l) => sum + l.charge.minor, 0)).toBe(s.total.minor - s.unallocated.minor);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("advances and trues up a year whose basis changed on 3 October, a move of exactly 3 points keeping the estimate", () => {
    // HR: by persons on the establishment until 2 October, 40/40/20 from 3 October (Q3 straddles it).
    const hr = (persons: Record<string, string>, v1: string, v2: string): ScenarioDocument => ({
      ...oneServiceDocument({
        rules: [
          { id: "persons", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "persons" } },
          {
            id: "agreed",
            service: "SVC",
            effectiveFrom: "2024-10-03",
            basis: { kind: "fixed", unit: "percent", shares: { CCC: "40", HDC: "40", SCDC: "20" } },
          },
        ],
        costLines: [
          { id: "H1", service: "SVC", pool: "pool", date: "2024-07-15", amount: v1 },
          { id: "H2", service: "SVC", pool: "pool", date: "2025-02-01", amount: v2 },
        ],
        drivers: yearly("persons", persons),
      }),
    });
    // Budget: £20,000 by persons 50/30/20 (£10,000 / £6,000 / £4,000) and £20,000 at 40/40/20
    // (£8,000 / £8,000 / £4,000): £18,000 / £14,000 / £8,000 of £40,000, 45% / 35% / 20%.
    const budgetDoc = hr({ CCC: "50", HDC: "30", SCDC: "20" }, "20000.00", "20000.00");
    const budget = yearOf(budgetDoc);
    // The first version covers 1 April – 2 October, 6 months and 2/31 (188/31 months); the second
    // 3 October – 31 March, 29/31 and 5 months (184/31). CCC: Q1 = Q2 = £10,000 × 93/188 =
    // £4,946.8085; Q3 £10,000 × 2/188 + £8,000 × 91/184 = £106.3830 + £3,956.5217 = £4,062.9047;
    // Q4 £8,000 × 93/184 = £4,043.4783. Floors leave 3p, to the remainders .85p, .85p, .83p of Q1,
    // Q2 and Q4 (Q3's .47p is the smallest). SCDC, 20% under both: Q1 = Q2 = 400,000p × 93/188 =
    // 197,872.34p; Q3 4,255.32p + 197,826.09p = 202,081.41p; Q4 400,000p × 93/184 = 202,173.91p.
    // Floors leave 2p, to the remainders .91 (Q4) and .41 (Q3) over Q1's and Q2's .34.
    const advances = quarterlyAdvances(budget, loadScenario(budgetDoc));
    const of = (p: string) => advances.filter((a) => a.partner === p).map((a) => a.amount.minor);
    expect(of("CCC")).toEqual([494_681, 494_681, 406_290, 404_348]);
    expect(of("SCDC")).toEqual([197_872, 197_872, 202_082, 202_174]);
    // Actuals: £20,000 by persons 58/22/20 (£11,600 / £4,400 / £4,000) and £25,000 at 40/40/20
    // (£10,000 / £10,000 / £5,000): £21,600 / £14,400 / £9,000 of £45,000, 48% / 32% / 20% —
    // CCC and HDC move exactly 3 points, within the band: £45,000 at 45/35/20 is £20,250 / £15,750 /
    // £9,000, true-ups £2,250 / £1,750 / £1,000 on advances of £18,000 / £14,000 / £8,000.
    const actualDoc = hr({ CCC: "58", HDC: "22", SCDC: "20" }, "20000.00", "25000.00");
    const actual = yearOf(actualDoc);
    const within = trueUp(budget, actual, loadScenario(budgetDoc), { tolerancePoints: "3" });
    expect(charges(within)).toEqual([
      ["CCC", 2_025_000, 1_800_000, 225_000],
      ["HDC", 1_575_000, 1_400_000, 175_000],
      ["SCDC", 900_000, 800_000, 100_000],
    ]);
    // A band of 2.99 points: the actual split applies, true-ups £3,600 / £400 / £1,000.
    const beyond = trueUp(budget, actual, loadScenario(budgetDoc), { tolerancePoints: "2.99" });
    expect(charges(beyond)).toEqual([
      ["CCC", 2_160_000, 1_800_000, 360_000],
      ["HDC", 1_440_000, 1_400_000, 40_000],
      ["SCDC", 900_000, 800_000, 100_000],
    ]);
  });

  it("floors credits at zero where the agreement says so: the lead keeps the refund", () => {
    const actual = yearOf(byUsers("80000.00", { CCC: "500", HDC: "300", SCDC: "200" }));
    const result = trueUp(estimate, actual, loadScenario(estimateDoc), { floorCredits: true });
    // Without the floor CCC and SCDC would get £10,000 and £4,000 back; HDC (the lead) keeps both.
    expect(charges(result)).toEqual([
      ["CCC", 5_000_000, 5_000_000, 0],
      ["HDC", 1_000_000, 3_000_000, -2_000_000],
      ["SCDC", 2_000_000, 2_000_000, 0],
    ]);
  });

  it("adds advances exactly when their running total passes 2^53, and refuses a true-up beyond it", () => {
    const max = Number.MAX_SAFE_INTEGER;
    const actual = yearOf(byUsers("120000.00", { CCC: "540", HDC: "260", SCDC: "200" }));
    const paid = (...minors: number[]) =>
      minors.map((minor, i) => ({
        partner: "CCC" as PartnerId,
        service: "SVC" as ServiceId,
        quarter: `2024/25-Q${i + 1}`,
        amount: fromMinor(minor, "GBP"),
      }));
    // Plain + made these max − 1 (max + 2 is 2^53 in a double): the true-up was a penny out.
    const [ccc] = trueUp(estimate, actual, loadScenario(estimateDoc), {}, paid(max, 2, -2)).lines;
    expect([ccc?.advances.minor, ccc?.trueUp.minor]).toEqual([max, 6_480_000 - max]);
    expect(() => trueUp(estimate, actual, loadScenario(estimateDoc), {}, paid(-max))).toThrow(
      `true-up of CCC for SVC: ${6_480_000n + BigInt(max)} minor units is beyond the exact range of ±2^53`,
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -max, max }), { minLength: 1, maxLength: 4 }), (minors) => {
        const advances = minors.reduce((s, v) => s + BigInt(v), 0n);
        const due = 6_480_000n - advances;
        const safe = (v: bigint) => v <= BigInt(max) && v >= -BigInt(max);
        const run = () => trueUp(estimate, actual, loadScenario(estimateDoc), {}, paid(...minors));
        if (!safe(advances) || !safe(due)) expect(codeOf(run)).toBe("AMOUNT_OVERFLOW");
        else {
          const line = run().lines.find((l) => l.partner === "CCC");
          expect([line?.advances.minor, line?.trueUp.minor]).toEqual([Number(advances), Number(due)]);
        }
      }),
    );
  });

  it("always has advances + true-up = charge, and charges summing to the actual cost", () => {
    fc.assert(
      fc.property(scenarioArb({ support: true }), fc.integer({ min: 1, max: 300 }), fc.boolean(), (doc, pct, floor) => {
        const scaled = (doc.costLines ?? []).map((l) => ({
          ...l,
          amount: toDecimalString(fromMinor((BigInt(parseMoney(l.amount, "GBP").minor) * BigInt(pct)) / 100n, "GBP")),
        }));
        const estimate = yearOf({ ...doc, costLines: scaled });
        const actual = yearOf(doc);
        const result = trueUp(estimate, actual, loadScenario(doc), { tolerancePoints: "3", floorCredits: floor });
        for (const l of result.lines) expect(l.advances.minor + l.trueUp.minor).toBe(l.charge.minor);
        for (const s of actual.byService) {
          const mine = result.lines.filter((l) => l.service === s.service);
          expect(mine.reduce((sum, l) => sum + l.charge.minor, 0)).toBe(s.total.minor - s.unallocated.minor);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
