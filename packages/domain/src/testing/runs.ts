/**
 * Test-only: a fast-check arbitrary of whole recharge runs for a year with a budget and VAT.
 * Not exported from the package.
 */
import fc from "fast-check";
import type { CalendarDate } from "../period/index.js";
import { type RechargeRun, rechargeRun } from "../recharge/index.js";
import { loadScenario, type ScenarioDocument } from "../schema/index.js";
import { oneServiceDocument, scenarioArb, yearly } from "./scenarios.js";

/** Statement numbers for every partner the scenario arbitraries use. */
export const statementNumbers = { AA: "A-1", BB: "B-1", CC: "C-1", DD: "D-1" };

/**
 * Random 2024/25 runs: every service's lead issues lines, some cost lines standard-rated for VAT at
 * 20%; unless `budget` is false, the budget every other line of the actuals (so advances, true-up and
 * variance are present).
 *
 * @param options - `budget: false` for runs without the year end (quicker)
 * @returns runs to look at from every partner's side
 */
export function yearRunArb(options: { readonly budget?: boolean } = {}): fc.Arbitrary<RechargeRun> {
  return fc
    .tuple(scenarioArb({ linearOnly: true }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }))
    .map(([doc, vat]) => {
      const costLines = (doc.costLines ?? []).map((l, i) => (vat[i] ? { ...l, vat: "standard" as const } : l));
      const actual = { ...doc, costLines };
      const budget = { ...doc, costLines: costLines.filter((_, i) => i % 2 === 0) };
      return rechargeRun({
        scenario: loadScenario(actual),
        period: "2024/25",
        statements: {
          numbers: statementNumbers,
          issueDate: "2025-04-30" as CalendarDate,
          vat: { ratePercent: "20", rounding: "half-up" },
        },
        ...(options.budget === false ? {} : { budget: loadScenario(budget) }),
      });
    });
}

/**
 * Three councils, two leads: HDC leads ICT (by users 500/300/200 for CCC/HDC/SCDC; £10,000 of
 * licences, standard-rated, less £1,000 of income), CCC leads Legal (£3,000 shared equally).
 *
 * @param ictLead - who leads ICT (default HDC)
 * @returns the scenario document
 */
export function twoLeadsDocument(ictLead = "HDC"): ScenarioDocument {
  return {
    ...oneServiceDocument(),
    services: [
      { id: "ICT", name: "3C ICT", lead: ictLead, pools: [{ id: "licences", name: "Licences" }] },
      { id: "LEGAL", name: "3C Legal", lead: "CCC", pools: [{ id: "staff", name: "Staff" }] },
    ],
    rules: [
      { id: "ict-users", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "driver", driver: "users" } },
      { id: "legal-equal", service: "LEGAL", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
    ],
    costLines: [
      { id: "I1", service: "ICT", pool: "licences", date: "2024-05-31", amount: "10000.00", vat: "standard" },
      { id: "L1", service: "LEGAL", pool: "staff", date: "2024-05-31", amount: "3000.00" },
    ],
    income: [{ id: "X1", service: "ICT", date: "2024-06-30", amount: "1000.00" }],
    drivers: yearly("users", { CCC: "500", HDC: "300", SCDC: "200" }),
  };
}

/**
 * {@link twoLeadsDocument}'s year as a recharge run, with VAT at 20%.
 *
 * @param doc - the scenario document
 * @param budget - a budget for the year, for advances and the true-up
 * @returns the run
 */
export function runOf(doc: ScenarioDocument, budget?: ScenarioDocument): RechargeRun {
  return rechargeRun({
    scenario: loadScenario(doc),
    period: "2024/25",
    statements: {
      numbers: { CCC: "HDC-0101", HDC: "CCC-0042", SCDC: "MIX-7" },
      issueDate: "2025-04-30" as CalendarDate,
      vat: { ratePercent: "20", rounding: "half-up" },
    },
    ...(budget === undefined ? {} : { budget: loadScenario(budget) }),
  });
}
