import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoScenarioDocument } from "../demo/index.js";
import { fromMinor, parseMoney, toDecimalString } from "../money/index.js";
import type { CalendarDate } from "../period/index.js";
import { loadScenario, type ScenarioDocument } from "../schema/index.js";
import { codeOf } from "../testing/errors.js";
import { scenarioArb, shuffle } from "../testing/scenarios.js";
import { checkManifest, rechargeRun } from "./rechargeRun.js";

const statements = {
  numbers: { CCC: "S-1", HDC: "S-2", SCDC: "S-3", AA: "A", BB: "B", CC: "C", DD: "D" },
  issueDate: "2025-04-30" as CalendarDate,
};

/** The demo's budget: 95% of each actual line, the same drivers. */
const budgetDoc: ScenarioDocument = {
  ...demoScenarioDocument,
  costLines: (demoScenarioDocument.costLines ?? []).map((l) => ({
    ...l,
    amount: toDecimalString(fromMinor((BigInt(parseMoney(l.amount, "GBP").minor) * 95n) / 100n, "GBP")),
  })),
};

describe("rechargeRun", () => {
  it("runs the demo's year: statements, net positions, at most two transfers, advances, true-up, variance", () => {
    const run = rechargeRun({
      scenario: loadScenario(demoScenarioDocument),
      period: "2024/25",
      statements,
      budget: loadScenario(budgetDoc),
      policies: { tolerancePoints: "3" },
    });
    expect(run.positions.reduce((s, p) => s + p.net.minor, 0)).toBe(0);
    expect(run.settlement.length).toBeLessThanOrEqual(2);
    expect(run.statements.statements.map((s) => s.partner)).toEqual(["CCC", "HDC", "SCDC"]);
    expect(run.advances).toHaveLength(3 * 3 * 4);
    for (const l of run.trueUp?.lines ?? []) expect(l.advances.minor + l.trueUp.minor).toBe(l.charge.minor);
    for (const l of run.variance ?? []) expect(l.cost.minor + l.share.minor + l.fx.minor).toBe(l.variance.minor);
    // Once the advances are paid, only the true-ups are left to settle.
    const owed = run.trueUpSettlement;
    expect(owed?.positions.reduce((s, p) => s + p.net.minor, 0)).toBe(0);
    expect(owed?.settlement.length).toBeLessThanOrEqual(2);
    const nonLeadTrueUps = (run.trueUp?.lines ?? []).filter((l) => !l.isLead).reduce((s, l) => s + l.trueUp.minor, 0);
    expect(owed?.invoices.reduce((s, i) => s + i.amount.minor, 0)).toBe(nonLeadTrueUps);
    expect(run.manifest.outputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.manifest.budgetHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses what it cannot do rather than ignoring it", () => {
    const scenario = loadScenario(demoScenarioDocument);
    const budget = loadScenario(budgetDoc);
    expect(codeOf(() => rechargeRun({ scenario, period: "2024/25-Q3", statements, budget }))).toBe("INVALID_PERIOD");
    expect(
      codeOf(() => rechargeRun({ scenario, period: "2024/25", statements, policies: { floorCredits: true } })),
    ).toBe("INVALID_SCENARIO");
    const dampening = { maxIncreasePercent: "10", borneBy: "lead" } as const;
    expect(
      codeOf(() => rechargeRun({ scenario, period: "2024/25", statements, budget, policies: { dampening } })),
    ).toBe("INVALID_SCENARIO");
  });

  it("hashes policies and previous rules whatever their order", () => {
    const scenario = loadScenario(demoScenarioDocument);
    const input = {
      scenario,
      period: "2024/25",
      statements,
      budget: loadScenario(budgetDoc),
      previousRules: scenario.rules,
      policies: { dampening: { maxIncreasePercent: "10", borneBy: "others", services: ["ICT", "BC"] } },
    } as const;
    const reordered = {
      ...input,
      previousRules: [...scenario.rules].reverse(),
      policies: { dampening: { ...input.policies.dampening, services: ["BC", "ICT"] } },
    };
    expect(rechargeRun(reordered).manifest).toEqual(rechargeRun(input).manifest);
  });

  it("gives byte-identical output for the same manifest", () => {
    const input = { scenario: loadScenario(demoScenarioDocument), period: "2024/25-Q3", statements };
    const a = rechargeRun(input);
    const b = rechargeRun({ ...input, scenario: loadScenario(structuredClone(demoScenarioDocument)) });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(b.manifest).toEqual(a.manifest);
    expect(a.advances).toBeUndefined();
    expect(checkManifest(input, a.manifest)).toMatchObject({ reproduced: true, differences: [] });
    const corrected = loadScenario({
      ...demoScenarioDocument,
      drivers: (demoScenarioDocument.drivers ?? []).map((d) =>
        d.driver === "users" && d.partner === "CCC" ? { ...d, quantity: "1" } : d,
      ),
    });
    expect(checkManifest({ ...input, scenario: corrected }, a.manifest).differences).toEqual([
      "inputHash",
      "outputHash",
    ]);
  });

  it("gives identical statements and manifest however the inputs are ordered", () => {
    fc.assert(
      fc.property(
        scenarioArb({ support: true }),
        fc.array(fc.integer(), { minLength: 1, maxLength: 30 }),
        (doc, keys) => {
          const shuffled: ScenarioDocument = {
            ...doc,
            partners: shuffle(doc.partners, keys),
            services: shuffle(doc.services, keys),
            rules: shuffle(doc.rules, keys),
            costLines: shuffle(doc.costLines ?? [], keys),
            income: shuffle(doc.income ?? [], keys),
            drivers: shuffle(doc.drivers ?? [], keys),
          };
          const a = rechargeRun({ scenario: loadScenario(doc), period: "2024/25", statements });
          const b = rechargeRun({ scenario: loadScenario(shuffled), period: "2024/25", statements });
          expect(b.statements).toEqual(a.statements);
          expect(b.settlement).toEqual(a.settlement);
          expect(b.conversions).toEqual(a.conversions);
          expect(b.manifest).toEqual(a.manifest);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
