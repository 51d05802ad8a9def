import { type FinancialPeriod, type RechargeRun, rechargeRun, type Scenario, type StatementOptions } from "@3c/domain";

/**
 * Runs the domain's recharge for a period: the one place the CLI calls `rechargeRun`, so every
 * command and screen shows the same figures. With a budget (a year only), the run also has the
 * quarterly advances, the true-up and the variance.
 *
 * @param scenario - the validated scenario
 * @param period - the period
 * @param statements - statement numbers and dates
 * @param budget - the budget scenario, for a year's advances and true-up
 * @returns the run
 * @throws DomainError whatever the domain raises (missing drivers, rates, rules; a budget on less
 *   than a year: `INVALID_PERIOD`)
 */
export function runRecharge(
  scenario: Scenario,
  period: FinancialPeriod,
  statements: StatementOptions,
  budget?: Scenario,
): RechargeRun {
  return rechargeRun({ scenario, period: period.name, statements, ...(budget === undefined ? {} : { budget }) });
}
