/**
 * `@3c/domain/demo`: an illustrative 3C partnership (ICT, Legal, Building Control) for 2024/25, to
 * try the engine, its documentation examples and the adapters on realistic data. The figures are
 * invented at the scale of the committee papers; they are not any council's accounts.
 *
 * @packageDocumentation
 */

import type { Scenario } from "../scenario/index.js";
import { loadScenario } from "../schema/parseScenario.js";
import { demoBudgetDocument } from "./demoBudget.js";
import { demoScenarioDocument } from "./demoScenario.js";

/** The financial period the demo's figures cover. */
export const DEMO_PERIOD = "2024/25";

export { DEMO_HANDOVER, withDemoHandover } from "./demoHandover.js";
/** The demo partnership as a scenario document (plain JSON-ready data). */
/** The demo's budget for 2024/25 as a scenario document: budget lines and estimated drivers. */
export { demoBudgetDocument, demoScenarioDocument };

/**
 * The demo partnership, validated and ready to run.
 *
 * @returns a fresh typed scenario built from {@link demoScenarioDocument}
 * @example
 * const run = runAllocation(demoScenario(), DEMO_PERIOD);
 */
export function demoScenario(): Scenario {
  return loadScenario(demoScenarioDocument);
}

/**
 * The demo's budget for 2024/25, validated and ready to give a year's recharge run its quarterly
 * advances, true-up and variance.
 *
 * @returns a fresh typed scenario built from {@link demoBudgetDocument}
 * @example
 * const run = rechargeRun({ scenario: demoScenario(), budget: demoBudgetScenario(), period: DEMO_PERIOD, statements });
 * run.trueUp?.byPartner; // each partner's advances, charge and true-up for the year
 */
export function demoBudgetScenario(): Scenario {
  return loadScenario(demoBudgetDocument);
}
