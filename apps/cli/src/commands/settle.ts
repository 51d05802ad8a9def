import type { RechargeRun } from "@3c/domain";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { toJson } from "../output/json.js";
import {
  settlementCsv,
  settlementReport,
  trueUpSettlementCsv,
  trueUpSettlementOf,
  trueUpSettlementReport,
} from "../output/rechargeReport.js";
import { writeOutput } from "../output/writeOutput.js";
import { runFromArgs } from "../recharge/runFromArgs.js";

/**
 * `3c settle FILE --period P [--budget FILE|demo] [--format table|json|csv] [--out PATH]`: net
 * positions and the fewest transfers that settle them; with the budget (a year only), those of the
 * year-end true-up instead, the advances having been paid.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the run succeeded
 * @throws CliError usage or input; DomainError from the run (a budget on less than a year:
 *   `INVALID_PERIOD`, as `3c recharge --budget`)
 */
export async function settle(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { run, scenario, format, out, budgeted } = await runFromArgs(argv, ["table", "json", "csv"], true);
  switch (format) {
    case "table":
      await writeOutput(io, out, budgeted ? trueUpSettlementReport(run, scenario) : settlementReport(run, scenario));
      break;
    case "json":
      await writeOutput(io, out, toJson(budgeted ? trueUpJson(run) : settlementJson(run)));
      break;
    case "csv":
      await writeOutput(io, out, budgeted ? trueUpSettlementCsv(run) : settlementCsv(run));
      break;
  }
  return EXIT.ok;
}

/** The period's invoices, net positions and the transfers that settle them. */
function settlementJson(run: RechargeRun) {
  return {
    period: run.allocation.period,
    invoices: run.statements.invoices,
    positions: run.positions,
    settlement: run.settlement,
  };
}

/** The true-up's settlement in the period's keys, with each partner's true-up (`trueUp`) before them. */
function trueUpJson(run: RechargeRun) {
  const { invoices, positions, settlement } = trueUpSettlementOf(run);
  return { period: run.allocation.period, trueUp: run.trueUp?.byPartner ?? [], invoices, positions, settlement };
}
