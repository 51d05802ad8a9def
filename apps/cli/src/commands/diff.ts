import { type AllocationResult, allocate, diffRuns, type RunDiff } from "@3c/domain";
import { stripControlLine } from "@3c/workbooks";
import { API_OPTIONS, apiTarget, callApi } from "../api/apiClient.js";
import { obtainRun } from "../api/obtainRun.js";
import { partnershipPath } from "../api/storedRun.js";
import { type FlagValues, formatFlag, parseCommandArgs, periodFlag, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { loadScenario, type ScenarioSource } from "../input/loadScenario.js";
import { diffCsv, diffReport } from "../output/diffReport.js";
import { toJson } from "../output/json.js";
import { writeOutput } from "../output/writeOutput.js";
import { statementOptions } from "../recharge/statementOptions.js";

/**
 * `3c diff BEFORE AFTER --period P [--format table|json|csv] [--out PATH] [--api URL --key KEY]`:
 * every partner's exact difference between two scenarios. `--demo` stands for BEFORE (`3c diff
 * --demo AFTER`), as it stands for FILE in the other commands: a copy of the demo changed (`3c
 * template --demo`, edited) against the demo. With `--api`, both are allocated by the API's
 * stateless calculation and compared here, so the output is the local one.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 (whether or not anything changed)
 * @throws CliError usage or input; DomainError from the runs
 */
export async function diff(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...API_OPTIONS,
    demo: { type: "boolean" },
    period: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    run: { type: "string" },
    against: { type: "string" },
    partnership: { type: "string" },
  });
  if (values.run !== undefined || values.against !== undefined) return storedDiff(values, positionals, io);
  if (values.partnership !== undefined)
    throw new CliError("usage", "--partnership goes with --run RUN --against OTHER (two stored runs of the API)");
  const [beforeSource, afterSource] = diffSources(values, positionals, io.cwd);
  const period = periodFlag(values);
  const format = formatFlag(values, ["table", "json", "csv"]);
  const target = apiTarget(values);
  const a = await loadScenario(beforeSource);
  const b = await loadScenario(afterSource);
  const allocation = async (loaded: typeof a, source: ScenarioSource): Promise<AllocationResult> =>
    target === undefined
      ? allocate(loaded.scenario, period)
      : (await obtainRun(loaded, source, period, statementOptions({}, loaded.scenario, period), target)).allocation;
  const result = diffRuns(await allocation(a, beforeSource), await allocation(b, afterSource));
  const out = stringFlag(values, "out");
  const text =
    format === "table" ? diffReport(result, a.label, b.label) : format === "json" ? toJson(result) : diffCsv(result);
  await writeOutput(io, out, text);
  return EXIT.ok;
}

/**
 * The two scenarios a diff compares: BEFORE and AFTER as files, or `--demo` and AFTER.
 *
 * @param values - parsed flags
 * @param positionals - the files given
 * @param cwd - the directory relative paths are read from
 * @returns BEFORE's source and AFTER's
 * @throws CliError usage for a missing or extra file, or BEFORE given both as a file and as --demo
 */
function diffSources(
  values: FlagValues,
  positionals: readonly string[],
  cwd: string,
): [ScenarioSource, ScenarioSource] {
  const demo = values.demo === true;
  const files = demo ? 1 : 2;
  if (demo && positionals.length === 2)
    throw new CliError("usage", "give BEFORE once: as a file or as --demo, not both");
  if (positionals.length > files)
    throw new CliError("usage", `unexpected argument ${JSON.stringify(positionals[files])}`);
  const [first, second] = positionals;
  if (demo) {
    if (first === undefined)
      throw new CliError(
        "usage",
        "diff --demo needs the scenario to compare with the demo: 3c diff --demo AFTER --period P",
      );
    return [
      { demo: true, cwd },
      { file: first, demo: false, cwd },
    ];
  }
  if (first === undefined || second === undefined)
    throw new CliError("usage", "diff needs two scenario files: 3c diff BEFORE AFTER --period P (or --demo AFTER)");
  return [
    { file: first, demo: false, cwd },
    { file: second, demo: false, cwd },
  ];
}

/**
 * `3c diff --api URL --key KEY --partnership ID --run RUN --against OTHER`: the API's diff of two
 * stored runs (`GET …/runs/RUN/diff?against=OTHER`), from OTHER to RUN, as the key's partner may see
 * it (its own charge, and each partner's for the services it led in both), by the same renderers.
 *
 * @param values - parsed flags
 * @param positionals - positional arguments (none allowed)
 * @param io - streams
 * @returns 0 (whether or not anything changed)
 * @throws CliError usage for a missing flag, scenario files or --period; network for API failures
 */
async function storedDiff(values: FlagValues, positionals: readonly string[], io: Io): Promise<ExitCode> {
  const run = stringFlag(values, "run");
  const against = stringFlag(values, "against");
  if (run === undefined || against === undefined)
    throw new CliError("usage", "diff of two stored runs needs both --run RUN and --against OTHER");
  const target = apiTarget(values);
  if (target === undefined)
    throw new CliError("usage", "--run reads a stored run from the API: give --api URL --key KEY");
  const base = partnershipPath(values, "--run");
  if (positionals.length > 0 || values.period !== undefined || values.demo !== undefined)
    throw new CliError(
      "usage",
      `--run compares two stored runs: leave out ${positionals.length > 0 ? JSON.stringify(positionals[0]) : values.period !== undefined ? "--period" : "--demo"}`,
    );
  const format = formatFlag(values, ["table", "json", "csv"]);
  const path = `${base}/runs/${encodeURIComponent(run)}/diff?against=${encodeURIComponent(against)}`;
  const view = (await callApi(target, "GET", path)) as RunDiff & { readonly partner: string };
  const text =
    format === "table"
      ? `${diffReport(view, against, run)}\nAs ${stripControlLine(view.partner)} may see it (the API key's partner): its own charge, and each partner's for the services it led in both runs.\n`
      : format === "json"
        ? toJson(view)
        : diffCsv(view);
  await writeOutput(io, stringFlag(values, "out"), text);
  return EXIT.ok;
}
