import { API_OPTIONS, apiTarget } from "../api/apiClient.js";
import { listStoredRuns, partnershipPath, type StoredRunSummary } from "../api/storedRun.js";
import { formatFlag, parseCommandArgs, periodFlag, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { toJson } from "../output/json.js";
import { runsTable } from "../output/storedRunReport.js";
import { writeOutput } from "../output/writeOutput.js";

const STATUSES: readonly StoredRunSummary["status"][] = ["draft", "approved", "posted", "reversed", "discarded"];

/**
 * `3c runs --api URL --key KEY --partnership ID [--period P] [--status S] [--format table|json]
 * [--out PATH]`: the partnership's stored recharge runs, newest first.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when listed
 * @throws CliError usage without --api or --partnership, or for a bad --period or --status;
 *   network for API failures
 */
export async function runs(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...API_OPTIONS,
    partnership: { type: "string" },
    period: { type: "string" },
    status: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  if (positionals.length > 0) throw new CliError("usage", `unexpected argument ${JSON.stringify(positionals[0])}`);
  const target = apiTarget(values);
  if (target === undefined) throw new CliError("usage", "runs lists the API's stored runs: give --api URL --key KEY");
  const base = partnershipPath(values, "runs");
  const period = stringFlag(values, "period") === undefined ? undefined : periodFlag(values).name;
  const status = stringFlag(values, "status");
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
    throw new CliError("usage", `--status must be one of ${STATUSES.join(", ")}, not ${JSON.stringify(status)}`);
  const format = formatFlag(values, ["table", "json"]);
  const all = await listStoredRuns(target, base, period);
  const shown = status === undefined ? all : all.filter((r) => r.status === status);
  await writeOutput(io, stringFlag(values, "out"), format === "table" ? runsTable(shown) : toJson(shown));
  return EXIT.ok;
}
