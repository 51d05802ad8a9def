import type { FinancialPeriod, RechargeRun, StatementOptions } from "@3c/domain";
import { CliError } from "../CliError.js";
import type { LoadedScenario, ScenarioSource } from "../input/loadScenario.js";
import { runRecharge } from "../recharge/runRecharge.js";
import { type ApiTarget, callApi } from "./apiClient.js";

/**
 * The recharge run a command renders: worked out here, or — with `--api` — by the API's stateless
 * `POST /v1/calculate` on the same scenario document, so that the same renderers give the same
 * output. The run is the domain's JSON, which round-trips without loss.
 *
 * @param loaded - the scenario as read (its document is what the API is sent)
 * @param source - where it came from (a ledger cannot be sent yet)
 * @param period - the period
 * @param statements - statement numbers and dates
 * @param target - the API, or undefined to run locally
 * @param budget - the budget, for a year's advances and true-up (its document is sent to the API)
 * @returns the run
 * @throws CliError usage for --api with --ledger; network for API failures; DomainError locally
 */
export async function obtainRun(
  loaded: LoadedScenario,
  source: ScenarioSource,
  period: FinancialPeriod,
  statements: StatementOptions,
  target: ApiTarget | undefined,
  budget?: LoadedScenario,
): Promise<RechargeRun> {
  if (target === undefined) return runRecharge(loaded.scenario, period, statements, budget?.scenario);
  if (source.ledger !== undefined)
    throw new CliError("usage", "--api takes the scenario's own cost lines; import a ledger into the API instead");
  const run = await callApi(target, "POST", "/v1/calculate", {
    scenario: loaded.document,
    period: period.name,
    statements,
    ...(budget === undefined ? {} : { budget: budget.document }),
  });
  if (typeof run !== "object" || run === null || !("allocation" in run) || !("statements" in run))
    throw new CliError("network", "the API's answer to POST /v1/calculate is not a recharge run");
  return run as RechargeRun;
}
