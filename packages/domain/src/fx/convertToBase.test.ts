import { describe, expect, it } from "vitest";
import { allocate, runAllocation } from "../run/index.js";
import { loadScenario, type ScenarioDocument } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { oneServiceDocument, yearly } from "../testing/scenarios.js";
import { convertToBase } from "./convertToBase.js";

// A US-dollar licence of $130,000, budgeted at $1.30 to the pound and paid when the pound bought $1.21.
const licence: ScenarioDocument = {
  ...oneServiceDocument({
    rules: [{ id: "users", service: "SVC", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } }],
    costLines: [
      { id: "LIC-1", service: "SVC", pool: "pool", date: "2024-08-05", amount: "130000.00", currency: "USD" },
      { id: "GBP-1", service: "SVC", pool: "pool", date: "2024-08-05", amount: "1000.00" },
    ],
    drivers: yearly("users", { CCC: "500", HDC: "300", SCDC: "200" }),
  }),
  fx: {
    rounding: "half-even",
    rates: [{ currency: "USD", date: "2024-08-05", rate: "1.21" }],
    budgetRates: [{ currency: "USD", year: "2024/25", rate: "1.30" }],
  },
};

describe("convertToBase", () => {
  it("converts a USD licence at the rate recorded for its date, or at the year's budget rate", () => {
    const scenario = loadScenario(licence);
    const actual = convertToBase(scenario);
    expect(actual.conversions).toEqual([
      {
        line: "LIC-1",
        original: { currency: "USD", minor: 13_000_000 },
        rate: "1.21",
        rateFor: "2024-08-05",
        basis: "actual",
        converted: { currency: "GBP", minor: 10_743_802 },
      },
    ]);
    const budget = convertToBase(scenario, { basis: "budget" });
    expect(budget.conversions[0]?.converted.minor).toBe(10_000_000);
    expect(budget.conversions[0]?.rateFor).toBe("2024/25");
    // The FX variance (£7,438.02) flows through the same shares: 50% / 30% / 20%.
    const at = (s: typeof scenario) => allocate(s, "2024/25").byPartner.map((p) => p.total.minor);
    const variance = at(actual.scenario).map((v, i) => v - (at(budget.scenario)[i] as number));
    expect(variance).toEqual([371_901, 223_141, 148_760]);
    expect(variance.reduce((s, v) => s + v, 0)).toBe(743_802);
  });

  it("is applied by allocate and runAllocation, which list the conversions and hash the rates", () => {
    const run = runAllocation(loadScenario(licence), "2024/25");
    expect(run.conversions?.map((c) => [c.line, c.converted.minor])).toEqual([["LIC-1", 10_743_802]]);
    expect(run.certificate.moneyIn.minor).toBe(10_843_802);
    const otherRate = { ...licence, fx: { ...(licence.fx as NonNullable<ScenarioDocument["fx"]>), budgetRates: [] } };
    expect(runAllocation(loadScenario(otherRate), "2024/25").inputHash).not.toBe(run.inputHash);
  });

  it("finds a foreign line wherever it sits: first, last, or after lines out of id order", () => {
    const lines = licence.costLines ?? [];
    const more = { id: "GBP-2", service: "SVC", pool: "pool", date: "2024-09-01", amount: "10.00" };
    const orders = [
      [lines[0], lines[1], more], // foreign first
      [lines[1], more, lines[0]], // foreign last, in id order
      [more, lines[1], lines[0]], // out of id order: found only after sorting
    ];
    const runs = orders.map((costLines) =>
      runAllocation(loadScenario({ ...licence, costLines } as ScenarioDocument), "2024/25"),
    );
    const expected = allocate(
      convertToBase(loadScenario({ ...licence, costLines: orders[0] } as ScenarioDocument)).scenario,
      "2024/25",
    );
    for (const run of runs) {
      expect(run.conversions?.map((c) => c.line)).toEqual(["LIC-1"]);
      expect(run.byPartner).toEqual(expected.byPartner);
      expect(run.inputHash).toBe(runs[0]?.inputHash);
    }
  });

  it("never converts income: a foreign income line reaching the engine is a currency mismatch", () => {
    // Validation refuses it first (INVALID_SCENARIO); the engine refuses it too, on its own.
    const scenario = loadScenario(licence);
    const income = [
      { id: "INC-1", service: scenario.services[0]?.id, date: "2024-08-05", amount: { currency: "USD", minor: 5000 } },
    ];
    const withIncome = { ...scenario, income } as unknown as typeof scenario;
    expect(codeOf(() => allocate(withIncome, "2024/25"))).toBe("CURRENCY_MISMATCH");
  });

  it("moves the pound for sensitivity: 10% stronger against the dollar makes the licence cheaper", () => {
    const shifted = convertToBase(loadScenario(licence), { shift: { USD: "10" } });
    // $130,000 at 1.331 = £97,670.92
    expect(shifted.conversions[0]?.converted.minor).toBe(9_767_092);
    expect(shifted.conversions[0]?.rate).toBe("1.331");
  });

  it("refuses a move of the pound of 100% or more down, which would make a rate zero or negative", () => {
    const scenario = loadScenario(licence);
    for (const shift of ["-100", "-150"]) {
      expect(() => convertToBase(scenario, { shift: { USD: shift } })).toThrow(
        `shift.USD: a move of ${shift}% would make every USD rate zero or negative; a move must be more than -100%`,
      );
      expect(codeOf(() => convertToBase(scenario, { shift: { USD: shift } }))).toBe("INVALID_DECIMAL");
    }
    // Just short of −100% is still a rate: $130,000 at 0.0121 to the pound.
    expect(convertToBase(scenario, { shift: { USD: "-99" } }).conversions[0]?.converted.minor).toBe(1_074_380_165);
  });

  it("names the line and date that have no rate, never assuming one", () => {
    const noRate = loadScenario({
      ...licence,
      fx: { rounding: "half-even", rates: [{ currency: "USD", date: "2024-08-06", rate: "1.2" }] },
    });
    expect(codeOf(() => convertToBase(noRate))).toBe("MISSING_RATE");
    expect(() => convertToBase(noRate)).toThrow(
      /Cost line LIC-1 \(USD .*dated 2024-08-05\) has no USD rate recorded for 2024-08-05/,
    );
    expect(() => convertToBase(noRate, { basis: "budget" })).toThrow(/no USD budget rate for 2024\/25/);
  });

  it("reports lines in a currency without rates when the scenario is validated", () => {
    const { fx: _fx, ...withoutRates } = licence;
    expect(() => loadScenario(withoutRates)).toThrow(
      /costLines\[0\]\.currency: the line is in USD but fx\.rates has no USD rates/,
    );
  });
});
