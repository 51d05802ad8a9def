import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { toJson } from "../output/json.js";
import { rechargeReport, statementLinesCsv } from "../output/rechargeReport.js";
import { writeOutput } from "../output/writeOutput.js";
import { runFromArgs } from "../recharge/runFromArgs.js";

/**
 * `3c recharge FILE --period P [--budget FILE|demo] [--format table|json|csv|xlsx] [--out PATH]`:
 * charges, statements, positions and settlement for a period; for a year with a budget, also the
 * advances, the true-up and its settlement.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the run succeeded
 * @throws CliError usage or input; DomainError from the run
 */
export async function recharge(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { run, scenario, format, out } = await runFromArgs(argv, ["table", "json", "csv", "xlsx"], true);
  switch (format) {
    case "table":
      await writeOutput(io, out, rechargeReport(run, scenario));
      break;
    case "json":
      await writeOutput(io, out, toJson(run));
      break;
    case "csv":
      await writeOutput(io, out, statementLinesCsv(run));
      break;
    case "xlsx": {
      const { statementsWorkbook } = await import("@3c/workbooks");
      await writeOutput(io, out, await statementsWorkbook(run, scenario));
      break;
    }
  }
  return EXIT.ok;
}
