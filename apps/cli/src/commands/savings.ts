import { type SavingsReport, scenarioSavings } from "@3c/domain";
import { savingsCsv } from "@3c/workbooks";
import { CliError } from "../CliError.js";
import type { ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { savingsReportText } from "../output/savingsReport.js";
import { reportCommand } from "../report/reportCommand.js";

/**
 * `3c savings FILE --year Y [--format table|json|csv|xlsx] [--out PATH]`: each partner's savings against
 * its indexed baseline, cumulative, against target and after one-off costs.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the report was written
 * @throws CliError usage, or input when the scenario has no savings agreement; DomainError from the domain
 */
export function savings(argv: readonly string[], io: Io): Promise<ExitCode> {
  return reportCommand<SavingsReport, undefined>(argv, io, {
    args: (_values, files) => ({ args: undefined, files }),
    local: (scenario, label, _args, year) => {
      const report = scenarioSavings(scenario, year);
      if (report === null)
        throw new CliError("input", `${label}: the scenario has no savings agreement (section savings)`);
      return report;
    },
    remote: (_args, year) => `/reports/savings?year=${encodeURIComponent(year)}`,
    table: (report, { name, year }) => savingsReportText(report, { name }, year),
    csv: savingsCsv,
    xlsx: async (report) => (await import("@3c/workbooks")).savingsWorkbook(report),
  });
}
