import { API_OPTIONS, apiTarget } from "../api/apiClient.js";
import { obtainRun } from "../api/obtainRun.js";
import { formatFlag, INPUT_OPTIONS, parseCommandArgs, periodFlag, scenarioSource, stringFlag } from "../args.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { loadScenario } from "../input/loadScenario.js";
import { toJson } from "../output/json.js";
import { settlementCsv, settlementReport } from "../output/rechargeReport.js";
import { writeOutput } from "../output/writeOutput.js";
import { STATEMENT_OPTIONS, statementOptions } from "../recharge/statementOptions.js";

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
  const { values, positionals } = parseCommandArgs(argv, {
    ...INPUT_OPTIONS,
    ...STATEMENT_OPTIONS,
    ...API_OPTIONS,
    period: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  const source = scenarioSource(values, positionals);
  const period = periodFlag(values);
  const format = formatFlag(values, ["table", "json", "csv"]);
  const target = apiTarget(values);
  const loaded = await loadScenario(source, values["no-progress"] === true ? undefined : process.stderr);
  const { scenario } = loaded;
  const run = await obtainRun(loaded, source, period, statementOptions(values, scenario, period), target);
  const out = stringFlag(values, "out");
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
