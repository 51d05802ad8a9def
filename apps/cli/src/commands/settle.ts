import { parsePeriod, type RechargeRun, type Scenario } from "@3c/domain";
import { fetchStoredYearEnd } from "../api/storedRun.js";
import { asksForStoredRun, STORED_RUN_OPTIONS, storedRunRequest } from "../api/storedRunArgs.js";
import { stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { toJson } from "../output/json.js";
import {
  isTrueUpShown,
  positionsCsv,
  settlementReport,
  settlementShown,
  trueUpSettlementReport,
} from "../output/rechargeReport.js";
import { storedYearEndReport } from "../output/storedRunReport.js";
import { writeOutput } from "../output/writeOutput.js";
import { type ParsedRunArgs, parseRunArgs, runFromParsed } from "../recharge/runFromArgs.js";

const FORMATS = ["table", "json", "csv"] as const;

/**
 * The statement flags `3c recharge` takes and settling does not use: no position or transfer
 * depends on a statement's dates or number, so taking them would let a finance officer believe
 * they had dated something. `--vat-rate` is taken: each invoice is settled with its VAT.
 */
const NOT_TAKEN = Object.fromEntries(
  ["issue-date", "due-date", "number-prefix"].map((f) => [
    f,
    `3c settle does not use the statements' dates or numbers (no position or transfer depends on them); give --${f} to 3c recharge`,
  ]),
);

/**
 * `3c settle FILE --period P [--budget FILE|demo] [--partner X] [--format table|json|csv] [--out
 * PATH]`: net positions and the fewest transfers that settle them; with the budget (a year only),
 * those of the year-end true-up instead, the advances having been paid; with `--partner`, only that
 * partner's part (its position, the transfers it pays or receives), as the API shows it to the
 * partner's key. With `--api URL --key KEY --partnership ID --run RUN`, a stored budget run's
 * year-end true-up as the key may see it.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the run succeeded
 * @throws CliError usage or input (an unknown `--partner`); network for API failures; DomainError
 *   from the run (a budget on less than a year: `INVALID_PERIOD`, as `3c recharge --budget`)
 */
export async function settle(argv: readonly string[], io: Io): Promise<ExitCode> {
  const parsed = parseRunArgs(argv, true, STORED_RUN_OPTIONS, ["vat-rate"], NOT_TAKEN);
  if (asksForStoredRun(parsed.values)) return storedSettle(parsed, io);
  const partner = stringFlag(parsed.values, "partner");
  const { run, scenario, format, out } = await runFromParsed(parsed, FORMATS, io);
  if (partner !== undefined) knownPartner(scenario, partner);
  // The domain's rule says what the run settles: with the budget, the true-up.
  const shown = settlementShown(run, partner);
  switch (format) {
    case "table":
      await writeOutput(
        io,
        out,
        isTrueUpShown(shown)
          ? trueUpSettlementReport(run, scenario, shown, partner)
          : settlementReport(run, scenario, shown, partner),
      );
      break;
    case "json":
      await writeOutput(io, out, toJson({ period: periodOf(run.allocation.period), ...shown }));
      break;
    case "csv":
      await writeOutput(io, out, positionsCsv(shown));
      break;
  }
  return EXIT.ok;
}

/** A period as the JSON's `period`: its name and dates, as a run's allocation carries it. */
function periodOf({ name, start, end }: RechargeRun["allocation"]["period"]) {
  return { name, start, end };
}

/** Refuses `--partner X` for a partner the scenario does not have. */
function knownPartner(scenario: Scenario, partner: string): void {
  if (!scenario.partners.some((p) => p.id === partner))
    throw new CliError(
      "usage",
      `--partner: no partner ${JSON.stringify(partner)} in the scenario; its partners are ${scenario.partners.map((p) => p.id).join(", ")}`,
    );
}

/**
 * `3c settle --api URL --key KEY --partnership ID --run RUN [--partner X]`: a stored budget run's
 * year-end true-up settlement (`…/year-end`) as the key may see it — its partner's own year and net
 * position, the transfers it pays or receives — by the renderers of `3c settle --budget`. The JSON
 * and CSV are the local run's with `--partner` (the key's partner), byte for byte; without
 * `--partner` the JSON also names the run and the partner.
 *
 * @param parsed - the command line
 * @param io - streams
 * @returns 0 when written
 * @throws CliError usage for a missing --api or --partnership, a local run's flags, a `--partner`
 *   other than the key's; network for API failures and refusals (a run without the budget is the
 *   API's 409, a key that may not read the year end its 403)
 */
async function storedSettle(parsed: ParsedRunArgs, io: Io): Promise<ExitCode> {
  const { id, target, base, format, out, partner } = storedRunRequest(parsed, FORMATS);
  const view = await fetchStoredYearEnd(target, base, id);
  if (partner !== undefined && partner !== view.partner)
    throw new CliError(
      "usage",
      `--partner: the year end of run ${id} as ${view.partner} may see it (the API key's partner) has ${view.partner}'s figures only, not ${JSON.stringify(partner)}'s`,
    );
  const period = periodOf(parsePeriod(view.run.period));
  switch (format) {
    case "table":
      await writeOutput(io, out, storedYearEndReport(view));
      break;
    case "json":
      await writeOutput(
        io,
        out,
        toJson(
          partner === undefined
            ? { run: view.run, partner: view.partner, period, ...view.shown }
            : { period, ...view.shown },
        ),
      );
      break;
    case "csv":
      await writeOutput(io, out, positionsCsv(view.shown));
      break;
  }
  return EXIT.ok;
}
