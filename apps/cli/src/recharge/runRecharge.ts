import { type FinancialPeriod, type RechargeRun, rechargeRun, type Scenario, type StatementOptions } from "@3c/domain";

/**
 * Runs the domain's recharge for a period: the one place the CLI calls `rechargeRun`, so every
 * command and screen shows the same figures.
 *
 * @param scenario - the validated scenario
 * @param period - the period
 * @param statements - statement numbers and dates
 * @returns the run
 * @throws DomainError whatever the domain raises (missing drivers, rates, rules…)
 */
export function runRecharge(scenario: Scenario, period: FinancialPeriod, statements: StatementOptions): RechargeRun {
  return rechargeRun({ scenario, period: period.name, statements });
}
