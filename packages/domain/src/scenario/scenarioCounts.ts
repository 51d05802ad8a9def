import type { Scenario } from "./Scenario.js";

/** How much a scenario holds: the figures a validation summary reports. */
export interface ScenarioCounts {
  readonly partners: number;
  readonly services: number;
  readonly rules: number;
  readonly costLines: number;
  readonly income: number;
  readonly drivers: number;
}

/**
 * Counts what a scenario holds, for a validation summary ("3 partners, 3 services, …") that every
 * tool words from the same figures.
 *
 * @param scenario - a validated scenario
 * @returns the number of partners, services, rule versions, cost lines, income lines and driver quantities
 * @example scenarioCounts(loadScenario(doc)).costLines
 */
export function scenarioCounts(scenario: Scenario): ScenarioCounts {
  return {
    partners: scenario.partners.length,
    services: scenario.services.length,
    rules: scenario.rules.length,
    costLines: scenario.costLines.length,
    income: scenario.income.length,
    drivers: scenario.drivers.length,
  };
}
