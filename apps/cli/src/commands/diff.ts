import { type AllocationResult, allocate, diffRuns, type RunDiff } from "@3c/domain";
import { stripControlLine } from "@3c/workbooks";
import { API_OPTIONS, apiTarget, callApi } from "../api/apiClient.js";
import { obtainRun } from "../api/obtainRun.js";
import { partnershipPath } from "../api/storedRun.js";
import { type FlagValues, formatFlag, parseCommandArgs, periodFlag, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { loadScenario } from "../input/loadScenario.js";
import { diffCsv, diffReport } from "../output/diffReport.js";
import { toJson } from "../output/json.js";
import { writeOutput } from "../output/writeOutput.js";
import { statementOptions } from "../recharge/statementOptions.js";

/**
 * `3c diff BEFORE AFTER --period P [--format table|json|csv] [--out PATH] [--api URL --key KEY]`:
 * every partner's exact difference between two scenarios. With `--api`, both are allocated by the
 * API's stateless calculation and compared here, so the output is the local one.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 (whether or not anything changed)
 * @throws CliError usage or input; DomainError from the runs
 */
export async function diff(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...API_OPTIONS,
    period: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    run: { type: "string" },
    against: { type: "string" },
    partnership: { type: "string" },
  });
  if (values.run !== undefined || values.against !== undefined) return storedDiff(values, positionals, io);
  const [before, after, extra] = positionals;
  if (before === undefined || after === undefined)
    throw new CliError("usage", "diff needs two scenario files: 3c diff BEFORE AFTER --period P");
  if (extra !== undefined) throw new CliError("usage", `unexpected argument ${JSON.stringify(extra)}`);
  const period = periodFlag(values);
  const format = formatFlag(values, ["table", "json", "csv"]);
  const target = apiTarget(values);
  const a = await loadScenario({ file: before, demo: false, cwd: io.cwd });
  const b = await loadScenario({ file: after, demo: false, cwd: io.cwd });
  const allocation = async (loaded: typeof a, file: string): Promise<AllocationResult> =>
    target === undefined
      ? allocate(loaded.scenario, period)
      : (
          await obtainRun(
            loaded,
            { file, demo: false, cwd: io.cwd },
            period,
            statementOptions({}, loaded.scenario, period),
            target,
          )
        ).allocation;
  const result = diffRuns(await allocation(a, before), await allocation(b, after));
  const out = stringFlag(values, "out");
  const text =
    format === "table" ? diffReport(result, before, after) : format === "json" ? toJson(result) : diffCsv(result);
  await writeOutput(io, out, text);
  return EXIT.ok;
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
  if (positionals.length > 0 || values.period !== undefined)
    throw new CliError(
      "usage",
      `--run compares two stored runs: leave out ${positionals.length > 0 ? JSON.stringify(positionals[0]) : "--period"}`,
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
