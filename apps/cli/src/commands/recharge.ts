import { parsePeriod, type RechargeRun, type StatementView } from "@3c/domain";
import { fetchStoredRun } from "../api/storedRun.js";
import { asksForStoredRun, STORED_RUN_OPTIONS, storedRunRequest } from "../api/storedRunArgs.js";
import { stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { toJson } from "../output/json.js";
import { rechargeReport, statementLinesCsv } from "../output/rechargeReport.js";
import { storedRunReport } from "../output/storedRunReport.js";
import { writeOutput } from "../output/writeOutput.js";
import { type ParsedRunArgs, parseRunArgs, runFromParsed } from "../recharge/runFromArgs.js";

const FORMATS = ["table", "json", "csv", "xlsx"] as const;

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
  if (asksForStoredRun(parsed.values)) return storedRecharge(parsed, io);
  const partner = stringFlag(parsed.values, "partner");
  const { run, scenario, format, out } = await runFromParsed(parsed, FORMATS, io);
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

/**
 * `3c recharge --api URL --key KEY --partnership ID --run RUN [--partner X]`: the stored run's
 * statements, net position and settlement as the key may see them, by the renderers of a local run.
 *
 * @param parsed - the command line
 * @param io - streams
 * @returns 0 when written
 * @throws CliError usage for a missing --api or --partnership, a local run's flags; network for API
 *   failures (an unknown run is the API's 404)
 */
async function storedRecharge(parsed: ParsedRunArgs, io: Io): Promise<ExitCode> {
  const { id, target, base, format, out, partner } = storedRunRequest(parsed, FORMATS);
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
      const { name: _name, currency: _currency, ...seen } = view;
      await writeOutput(io, out, toJson(one ?? seen));
      break;
    }
    case "csv":
      await writeOutput(io, out, statementLinesCsv(statements));
      break;
    case "xlsx": {
      const { statementViewsWorkbook, statementWorkbook } = await import("@3c/workbooks");
      const date = parsePeriod(view.run.period).start;
      await writeOutput(
        io,
        out,
        one === undefined
          ? await statementViewsWorkbook(statements, { currency: view.currency, date })
          : await statementWorkbook(one),
      );
      break;
    }
  }
  return EXIT.ok;
}
