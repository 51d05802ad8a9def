/**
 * `@3c/domain/demo`: an illustrative 3C partnership (ICT, Legal, Building Control) for 2024/25, to
 * try the engine, its documentation examples and the adapters on realistic data. The figures are
 * invented at the scale of the committee papers; they are not any council's accounts.
 *
 * @packageDocumentation
 */

import type { Scenario } from "../scenario/index.js";
import { loadScenario } from "../schema/parseScenario.js";
import { demoScenarioDocument } from "./demoScenario.js";

/** The financial period the demo's figures cover. */
export const DEMO_PERIOD = "2024/25";

/** The demo partnership as a scenario document (plain JSON-ready data). */
export { demoScenarioDocument };

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
