import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { toJson } from "../output/json.js";
import { settlementCsv, settlementReport } from "../output/rechargeReport.js";
import { writeOutput } from "../output/writeOutput.js";
import { runFromArgs } from "../recharge/runFromArgs.js";

/**
 * `3c settle FILE --period P [--format table|json|csv] [--out PATH]`: net positions and the fewest
 * transfers that settle them.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the run succeeded
 * @throws CliError usage or input; DomainError from the run
 */
export async function settle(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { run, scenario, format, out } = await runFromArgs(argv, ["table", "json", "csv"]);
  switch (format) {
    case "table":
      await writeOutput(io, out, settlementReport(run, scenario));
      break;
    case "json":
      await writeOutput(
        io,
        out,
        toJson({
          period: run.allocation.period,
          invoices: run.statements.invoices,
          positions: run.positions,
          settlement: run.settlement,
        }),
      );
      break;
    case "csv":
      await writeOutput(io, out, settlementCsv(run));
      break;
  }
  return EXIT.ok;
}
