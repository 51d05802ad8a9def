import { type AllocationResult, allocate, diffRuns } from "@3c/domain";
import { API_OPTIONS, apiTarget } from "../api/apiClient.js";
import { obtainRun } from "../api/obtainRun.js";
import { formatFlag, parseCommandArgs, periodFlag, stringFlag } from "../args.js";
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
  });
  const [before, after, extra] = positionals;
  if (before === undefined || after === undefined)
    throw new CliError("usage", "diff needs two scenario files: 3c diff BEFORE AFTER --period P");
  if (extra !== undefined) throw new CliError("usage", `unexpected argument ${JSON.stringify(extra)}`);
  const period = periodFlag(values);
  const format = formatFlag(values, ["table", "json", "csv"]);
  const target = apiTarget(values);
  const a = await loadScenario({ file: before, demo: false });
  const b = await loadScenario({ file: after, demo: false });
  const allocation = async (loaded: typeof a, file: string): Promise<AllocationResult> =>
    target === undefined
      ? allocate(loaded.scenario, period)
      : (await obtainRun(loaded, { file, demo: false }, period, statementOptions({}, loaded.scenario, period), target))
          .allocation;
  const result = diffRuns(await allocation(a, before), await allocation(b, after));
  const out = stringFlag(values, "out");
  const text =
    format === "table" ? diffReport(result, before, after) : format === "json" ? toJson(result) : diffCsv(result);
  await writeOutput(io, out, text);
  return EXIT.ok;
}
