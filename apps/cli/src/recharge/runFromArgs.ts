import type { RechargeRun, Scenario } from "@3c/domain";
import { API_OPTIONS, apiTarget } from "../api/apiClient.js";
import { obtainRun } from "../api/obtainRun.js";
import {
  type FlagValues,
  formatFlag,
  INPUT_OPTIONS,
  outFlag,
  parseCommandArgs,
  periodFlag,
  progressSink,
  scenarioSource,
  stringFlag,
} from "../args.js";
import type { Io } from "../Io.js";
import { loadBudget } from "../input/loadBudget.js";
import { loadScenario } from "../input/loadScenario.js";
import { STATEMENT_OPTIONS, statementOptions } from "./statementOptions.js";

/** A recharge run as a command asked for it: the run, its scenario, and how to write it out. */
export interface RunFromArgs<F extends string> {
  readonly run: RechargeRun;
  readonly scenario: Scenario;
  readonly format: F;
  readonly out: string | undefined;
}

/** The flags of a recharge's command line, as parsed. */
export interface ParsedRunArgs {
  readonly values: FlagValues;
  readonly positionals: readonly string[];
}

/** Every statement flag. */
const STATEMENT_FLAGS = Object.keys(STATEMENT_OPTIONS) as (keyof typeof STATEMENT_OPTIONS)[];

/**
 * Parses what `3c recharge` and `3c settle` take: the scenario (file, workbook, demo or ledger),
 * the period, statement options, format, output path, `--api` and (when the command takes it) the
 * budget, with the command's own further flags.
 *
 * @param argv - the command's arguments
 * @param withBudget - whether the command takes `--budget FILE|demo`
 * @param extra - the command's further flags
 * @param statements - the statement flags the command takes (default all of them); the others are
 *   refused as unknown, with `notTaken`'s reason
 * @param notTaken - why the command does not take a flag, by flag name
 * @returns the flags and positional arguments
 * @throws CliError usage for an unknown flag or a missing value
 */
export function parseRunArgs(
  argv: readonly string[],
  withBudget: boolean,
  extra: Readonly<Record<string, { readonly type: "string" | "boolean" }>> = {},
  statements: readonly (keyof typeof STATEMENT_OPTIONS)[] = STATEMENT_FLAGS,
  notTaken: Readonly<Record<string, string>> = {},
): ParsedRunArgs {
  return parseCommandArgs(
    argv,
    {
      ...INPUT_OPTIONS,
      ...Object.fromEntries(statements.map((f) => [f, STATEMENT_OPTIONS[f]])),
      ...API_OPTIONS,
      period: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      ...(withBudget ? { budget: { type: "string" } } : {}),
      ...extra,
    },
    notTaken,
  );
}

/**
 * Runs the recharge a parsed command line asks for: read the scenario, the period, statement
 * options, format, output path and budget, then run it here or — with `--api` — through the API.
 *
 * @param parsed - the flags ({@link parseRunArgs})
 * @param formats - the command's formats, the default first
 * @param io - the command's surroundings: relative paths are read from its `cwd`, a ledger's progress drawn on its `stderr`
 * @returns the run and how to write it
 * @throws CliError usage or input; network for API failures; DomainError from a local run
 */
export async function runFromParsed<F extends string>(
  { values, positionals }: ParsedRunArgs,
  formats: readonly [F, ...F[]],
  io: Io,
): Promise<RunFromArgs<F>> {
  const source = scenarioSource(values, positionals, io.cwd);
  const period = periodFlag(values);
  const format = formatFlag(values, formats);
  const out = outFlag(values, format);
  const target = apiTarget(values);
  const loaded = await loadScenario(source, progressSink(values, io));
  const { scenario } = loaded;
  const budgetSpec = stringFlag(values, "budget");
  const budget = budgetSpec === undefined ? undefined : await loadBudget(budgetSpec, io.cwd);
  const run = await obtainRun(loaded, source, period, statementOptions(values, scenario, period), target, budget);
  return { run, scenario, format, out };
}
