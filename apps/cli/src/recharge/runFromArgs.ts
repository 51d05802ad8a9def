import type { RechargeRun, Scenario } from "@3c/domain";
import { API_OPTIONS, apiTarget } from "../api/apiClient.js";
import { obtainRun } from "../api/obtainRun.js";
import {
  formatFlag,
  INPUT_OPTIONS,
  outFlag,
  parseCommandArgs,
  periodFlag,
  scenarioSource,
  stringFlag,
} from "../args.js";
import { loadBudget } from "../input/loadBudget.js";
import { loadScenario } from "../input/loadScenario.js";
import { STATEMENT_OPTIONS, statementOptions } from "./statementOptions.js";

/** A recharge run as a command asked for it: the run, its scenario, and how to write it out. */
export interface RunFromArgs<F extends string> {
  readonly run: RechargeRun;
  readonly scenario: Scenario;
  readonly format: F;
  readonly out: string | undefined;
  /** Whether the run was given a budget (`--budget`): a year's advances, true-up and its settlement. */
  readonly budgeted: boolean;
}

/**
 * What `3c recharge` and `3c settle` share: read the scenario (file, workbook, demo or ledger),
 * the period, statement options, format, output path and (when the command takes it) the budget,
 * then run the recharge here or — with
 * `--api` — through the API.
 *
 * @param argv - the command's arguments
 * @param formats - the command's formats, the default first
 * @param withBudget - whether the command takes `--budget FILE|demo` (a year's advances and true-up)
 * @returns the run and how to write it
 * @throws CliError usage or input; network for API failures; DomainError from a local run
 */
export async function runFromArgs<F extends string>(
  argv: readonly string[],
  formats: readonly [F, ...F[]],
  withBudget = false,
): Promise<RunFromArgs<F>> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...INPUT_OPTIONS,
    ...STATEMENT_OPTIONS,
    ...API_OPTIONS,
    period: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    ...(withBudget ? { budget: { type: "string" } } : {}),
  } as const);
  const source = scenarioSource(values, positionals);
  const period = periodFlag(values);
  const format = formatFlag(values, formats);
  const out = outFlag(values, format);
  const target = apiTarget(values);
  const loaded = await loadScenario(source, values["no-progress"] === true ? undefined : process.stderr);
  const { scenario } = loaded;
  const budgetSpec = stringFlag(values, "budget");
  const budget = budgetSpec === undefined ? undefined : await loadBudget(budgetSpec);
  const run = await obtainRun(loaded, source, period, statementOptions(values, scenario, period), target, budget);
  return { run, scenario, format, out, budgeted: budget !== undefined };
}
