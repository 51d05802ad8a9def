import type { RechargeRun, StatementView } from "@3c/domain";
import { apiTarget } from "../api/apiClient.js";
import { fetchStoredRun, partnershipPath } from "../api/storedRun.js";
import { type FlagValues, formatFlag, outFlag, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { toJson } from "../output/json.js";
import { rechargeReport, statementLinesCsv } from "../output/rechargeReport.js";
import { storedRunReport } from "../output/storedRunReport.js";
import { writeOutput } from "../output/writeOutput.js";
import { type ParsedRunArgs, parseRunArgs, runFromParsed } from "../recharge/runFromArgs.js";

const FORMATS = ["table", "json", "csv", "xlsx"] as const;

/** The flags that read a stored run from the API, and pick one partner's statement. */
const STORED_RUN_OPTIONS = {
  run: { type: "string" },
  partnership: { type: "string" },
  partner: { type: "string" },
} as const;

/** Flags that describe a run to make here, which a stored run (made already) does not take. */
const LOCAL_ONLY = [
  "scenario",
  "demo",
  "ledger",
  "period",
  "budget",
  "issue-date",
  "due-date",
  "number-prefix",
  "vat-rate",
] as const;

/**
 * `3c recharge FILE --period P [--budget FILE|demo] [--partner X] [--format table|json|csv|xlsx]
 * [--out PATH]`: charges, statements, positions and settlement for a period; for a year with a
 * budget, also the advances, the true-up and its settlement. With `--api URL --key KEY
 * --partnership ID --run RUN`, the stored run instead, as far as the key may see it.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the run succeeded
 * @throws CliError usage or input; network for API failures; DomainError from the run
 */
export async function recharge(argv: readonly string[], io: Io): Promise<ExitCode> {
  const parsed = parseRunArgs(argv, true, STORED_RUN_OPTIONS);
  const { values } = parsed;
  const partner = stringFlag(values, "partner");
  if (stringFlag(values, "run") !== undefined) return storedRecharge(parsed, io);
  if (stringFlag(values, "partnership") !== undefined)
    throw new CliError("usage", "--partnership goes with --run RUN (a stored run of the API)");
  const { run, scenario, format, out } = await runFromParsed(parsed, FORMATS);
  const one = partner === undefined ? undefined : partnerStatement(run.statements.statements, partner, "the run");
  const shown: RechargeRun = one === undefined ? run : { ...run, statements: { ...run.statements, statements: [one] } };
  switch (format) {
    case "table":
      await writeOutput(io, out, rechargeReport(shown, scenario));
      break;
    case "json":
      await writeOutput(io, out, toJson(one ?? run));
      break;
    case "csv":
      await writeOutput(io, out, statementLinesCsv(shown.statements.statements));
      break;
    case "xlsx": {
      const { statementsWorkbook, statementWorkbook } = await import("@3c/workbooks");
      await writeOutput(
        io,
        out,
        one === undefined ? await statementsWorkbook(run, scenario) : await statementWorkbook(one),
      );
      break;
    }
  }
  return EXIT.ok;
}

/**
 * The statement to a partner among those given.
 *
 * @param statements - a run's statements, or those a key may see
 * @param partner - the partner, from `--partner`
 * @param where - what the statements are, for the error
 * @returns its statement
 * @throws CliError usage when there is none
 */
function partnerStatement(statements: readonly StatementView[], partner: string, where: string): StatementView {
  const found = statements.find((s) => s.partner === partner);
  if (found === undefined)
    throw new CliError(
      "usage",
      `--partner: no statement to ${JSON.stringify(partner)} in ${where}; there are statements to ${statements.map((s) => s.partner).join(", ") || "nobody"}`,
    );
  return found;
}

/** Refuses the flags of a local run alongside `--run`. */
function refuseLocalFlags(values: FlagValues, positionals: readonly string[]): void {
  const given = LOCAL_ONLY.find((f) => values[f] !== undefined);
  if (given !== undefined || positionals.length > 0)
    throw new CliError(
      "usage",
      `--run prints a stored run as it was made: leave out ${given === undefined ? JSON.stringify(positionals[0]) : `--${given}`}`,
    );
}

/**
 * `3c recharge --api URL --key KEY --partnership ID --run RUN [--partner X]`: the stored run's
 * statements, net position and settlement as the key may see them, by the renderers of a local run.
 *
 * @param parsed - the command line
 * @param io - streams
 * @returns 0 when written
 * @throws CliError usage for a missing --api or --partnership, a local run's flags, xlsx without
 *   --partner; network for API failures (an unknown run is the API's 404)
 */
async function storedRecharge({ values, positionals }: ParsedRunArgs, io: Io): Promise<ExitCode> {
  const id = stringFlag(values, "run") ?? "";
  const target = apiTarget(values);
  if (target === undefined)
    throw new CliError("usage", "--run reads a stored run from the API: give --api URL --key KEY");
  const base = partnershipPath(values, "--run");
  refuseLocalFlags(values, positionals);
  const format = formatFlag(values, FORMATS);
  const out = outFlag(values, format);
  const partner = stringFlag(values, "partner");
  if (format === "xlsx" && partner === undefined)
    throw new CliError("usage", "--run with --format xlsx writes one statement: give --partner X");
  const view = await fetchStoredRun(target, base, id);
  const one =
    partner === undefined
      ? undefined
      : partnerStatement(view.statements, partner, `run ${id} as ${view.partner} may see it`);
  const statements = one === undefined ? view.statements : [one];
  switch (format) {
    case "table":
      await writeOutput(io, out, storedRunReport({ ...view, statements }));
      break;
    case "json": {
      const { name: _name, ...seen } = view;
      await writeOutput(io, out, toJson(one ?? seen));
      break;
    }
    case "csv":
      await writeOutput(io, out, statementLinesCsv(statements));
      break;
    case "xlsx": {
      const { statementWorkbook } = await import("@3c/workbooks");
      if (one !== undefined) await writeOutput(io, out, await statementWorkbook(one));
      break;
    }
  }
  return EXIT.ok;
}
