import { periodOf, type SavingsReport, scenarioSavings } from "@3c/domain";
import { savingsCsv } from "@3c/workbooks";
import { CliError } from "../CliError.js";
import type { ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { savingsReportText } from "../output/savingsReport.js";
import { reportCommand } from "../report/reportCommand.js";
import { refuseSavingsYearWithoutFigures } from "../report/reportYears.js";

/**
 * `3c savings FILE --year Y [--format table|json|csv|xlsx] [--out PATH]`: each partner's savings against
 * its indexed baseline, cumulative, against target and after one-off costs.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the report was written
 * @throws CliError usage (also for a year with no savings figures), or input when the scenario has no
 *   savings agreement; DomainError from the domain
 */
export function savings(argv: readonly string[], io: Io): Promise<ExitCode> {
  return reportCommand<SavingsReport, undefined>(argv, io, {
    args: (_values, files) => ({ args: undefined, files }),
    local: (scenario, label, _args, year) => {
      const report = scenarioSavings(scenario, year);
      if (report === null)
        throw new CliError("input", `${label}: the scenario has no savings agreement (section savings)`);
      // A year with no figures would print empty tables, read as "no savings": refused, naming the
      // years with figures: those recorded, and those of the scenario's cost lines of a service with
      // a baseline (a run of such a year gives its contributions).
      const baselined = new Set((scenario.savings?.baselines ?? []).map((b) => b.service));
      const fromLines = scenario.costLines
        .filter((l) => baselined.has(l.service))
        .map((l) => periodOf(l.date, "year").name);
      const recorded = (scenario.savings?.contributions ?? []).map((c) => c.year);
      refuseSavingsYearWithoutFigures(year, report.years, [...recorded, ...fromLines, ...report.years]);
      return report;
    },
    remote: (_args, year) => `/reports/savings?year=${encodeURIComponent(year)}`,
    // The API's report lists the years up to the one asked that it has figures for.
    fromApi: (answer, _args, year) => {
      const report = answer as SavingsReport;
      refuseSavingsYearWithoutFigures(year, report.years, report.years);
      return report;
    },
    table: (report, { name, year }) => savingsReportText(report, { name }, year),
    csv: savingsCsv,
    xlsx: async (report) => (await import("@3c/workbooks")).savingsWorkbook(report),
  });
}
