import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertToBase } from "../fx/index.js";
import { fromMinor, parseMoney, toDecimalString } from "../money/index.js";
import { allocate } from "../run/index.js";
import { loadScenario, type ScenarioDocument } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { oneServiceDocument, scenarioArb, yearly } from "../testing/scenarios.js";
import { fxSensitivity } from "./fxSensitivity.js";
import { chargeVariance } from "./variance.js";

const withLicence = (gbp: string, usd: string, users: Record<string, string>, rate: string): ScenarioDocument => ({
  ...oneServiceDocument({
    rules: [{ id: "users", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } }],
    costLines: [
      { id: "STAFF", service: "SVC", pool: "pool", date: "2024-08-05", amount: gbp },
      { id: "LIC", service: "SVC", pool: "pool", date: "2024-08-05", amount: usd, currency: "USD" },
    ],
    drivers: yearly("users", users),
  }),
  fx: {
    rounding: "half-even",
    rates: [{ currency: "USD", date: "2024-08-05", rate }],
    budgetRates: [{ currency: "USD", year: "2024/25", rate: "1.30" }],
  },
});

describe("chargeVariance", () => {
  it("refuses allocations in different currencies, naming which, instead of subtracting euro cents from pence", () => {
    const gbp = allocate(
      loadScenario(withLicence("70000.00", "0.00", { CCC: "1", HDC: "1", SCDC: "1" }, "1.30")),
      "2024/25",
    );
    const eur = { ...gbp, currency: "EUR" as const };
    expect(codeOf(() => chargeVariance(eur, gbp))).toBe("CURRENCY_MISMATCH");
    expect(() => chargeVariance(eur, gbp)).toThrow("The budget allocation is in EUR, the actual in GBP");
    expect(() => chargeVariance(gbp, gbp, eur)).toThrow(
      "The actual at budget rates allocation is in EUR, the actual in GBP",
    );
    expect(chargeVariance(gbp, gbp).every((l) => l.variance.minor === 0)).toBe(true);
  });

  it("refuses a variance beyond 2^53 minor units rather than round it", () => {
    const toCcc = (line: "costLines" | "income", amount: string) =>
      allocate(
        loadScenario(
          oneServiceDocument({
            rules: [
              { id: "ccc", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "direct", partner: "CCC" } },
            ],
            [line]: [{ id: "L", service: "SVC", pool: "pool", date: "2024-08-05", amount }],
          }),
        ),
        "2024/25",
      );
    // A credit of 2^52 pence budgeted, a charge of 2^52 + 1 paid: 2^53 + 1 apart, which a double
    // holds only as 2^53. It came out as 2^53, a penny short, in an amount past the exact range.
    const budget = toCcc("income", "45035996273704.96");
    const actual = toCcc("costLines", "45035996273704.97");
    expect(codeOf(() => chargeVariance(budget, actual))).toBe("AMOUNT_OVERFLOW");
    expect(() => chargeVariance(budget, actual)).toThrow(
      `variance of CCC for SVC: 9007199254740993 minor units is beyond the exact range of ±2^53`,
    );
  });

  it("takes a USD licence budgeted at 1.30 and paid at 1.21 apart into cost, share and FX effects", () => {
    // Budget: £70,000 staff + $130,000 at 1.30 (£100,000) = £170,000, users 500/300/200.
    // Actual: £80,000 staff + $130,000 at 1.21 (£107,438.02) = £187,438.02, users 550/250/200.
    const budgetDoc = withLicence("70000.00", "130000.00", { CCC: "500", HDC: "300", SCDC: "200" }, "1.30");
    const actualDoc = withLicence("80000.00", "130000.00", { CCC: "550", HDC: "250", SCDC: "200" }, "1.21");
    const run = (doc: ScenarioDocument, basis: "actual" | "budget") =>
      allocate(convertToBase(loadScenario(doc), { basis }).scenario, "2024/25");
    const lines = chargeVariance(run(budgetDoc, "budget"), run(actualDoc, "actual"), run(actualDoc, "budget"));
    expect(
      lines.map((l) => [l.partner, l.budget.minor, l.actual.minor, l.cost.minor, l.share.minor, l.fx.minor]),
    ).toEqual([
      // cost: £10,000 more staff at budget shares; share: 5 points of £180,000; fx: £7,438.02 by actual shares.
      ["CCC", 8_500_000, 10_309_091, 500_000, 900_000, 409_091],
      ["HDC", 5_100_000, 4_685_951, 300_000, -900_000, 185_951],
      ["SCDC", 3_400_000, 3_748_760, 200_000, 0, 148_760],
    ]);
    for (const l of lines) expect(l.cost.minor + l.share.minor + l.fx.minor).toBe(l.variance.minor);
  });

  it("always sums its effects exactly to the variance", () => {
    fc.assert(
      fc.property(scenarioArb({ support: true }), fc.integer({ min: 0, max: 300 }), (doc, pct) => {
        const scaled = (doc.costLines ?? []).map((l) => ({
          ...l,
          amount: toDecimalString(fromMinor((BigInt(parseMoney(l.amount, "GBP").minor) * BigInt(pct)) / 100n, "GBP")),
        }));
        const budget = allocate(loadScenario({ ...doc, costLines: scaled }), "2024/25");
        const actual = allocate(loadScenario(doc), "2024/25");
        for (const l of chargeVariance(budget, actual)) {
          expect(l.cost.minor + l.share.minor + l.fx.minor).toBe(l.variance.minor);
          expect(l.actual.minor - l.budget.minor).toBe(l.variance.minor);
          expect(l.fx.minor).toBe(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("fxSensitivity", () => {
  it("shows each partner's charge if the pound moves 10% against the dollar", () => {
    const scenario = loadScenario(withLicence("0.00", "130000.00", { CCC: "500", HDC: "300", SCDC: "200" }, "1.21"));
    const cases = fxSensitivity(scenario, "2024/25", "10");
    expect(cases.map((c) => [c.currency, c.move, c.partners.map((p) => p.change.minor)])).toEqual([
      // £107,438.02 becomes £97,670.92 (1.331) or £119,375.57 (1.089)
      ["USD", "+10", [-488_355, -293_013, -195_342]],
      ["USD", "-10", [596_878, 358_126, 238_751]],
    ]);
  });

  it("refuses a move of 100% or more, naming the percent, rather than dividing by zero or flipping a cost's sign", () => {
    const scenario = loadScenario(withLicence("0.00", "130000.00", { CCC: "500", HDC: "300", SCDC: "200" }, "1.21"));
    for (const percent of ["100", "150", "-100"]) {
      expect(() => fxSensitivity(scenario, "2024/25", percent)).toThrow(
        `percent: a move of ${percent.replace(/^[+-]/, "")}% down would make a rate zero or negative; give less than 100`,
      );
    }
  });
});
