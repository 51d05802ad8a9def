import { type AnnualReport, annualReport, reportInstant } from "@3c/domain";
import { annualReportCsv } from "@3c/workbooks";
import { asAtFlag } from "../args.js";
import { CliError } from "../CliError.js";
import type { ExitCode } from "../exitCodes.js";
import { type Io, nowSeconds } from "../Io.js";
import { annualReportText } from "../output/annualReportText.js";
import { reportCommand } from "../report/reportCommand.js";
import { refuseYearNotBegun } from "../report/reportYears.js";

/**
 * `3c report SERVICE FILE --year Y [--as-at WHEN] [--format table|json|csv|xlsx] [--out PATH]`: the
 * standard annual report of a service.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the report was written
 * @throws CliError usage when SERVICE is missing or the year had not begun when the report is taken;
 *   DomainError for an unknown service
 */
export function report(argv: readonly string[], io: Io): Promise<ExitCode> {
  return reportCommand<AnnualReport, { service: string; asAt?: string }>(argv, io, {
    options: { "as-at": { type: "string" } },
    args: (values, positionals) => {
      const [service, ...files] = positionals;
      if (service === undefined)
        throw new CliError("usage", "give the SERVICE to report on, e.g. 3c report ICT --demo");
      const asAt = asAtFlag(values);
      return { args: { service, ...(asAt === undefined ? {} : { asAt }) }, files };
    },
    // Taken when the API would take it: as asked, or the earlier of the year's end and now.
    // A year not begun by then is refused: its report could only show £0 and "no data".
    local: (scenario, _label, { service, asAt }, year) => {
      const taken = reportInstant(asAt, year, nowSeconds(io));
      refuseYearNotBegun(year, taken, asAt !== undefined);
      return annualReport(scenario, service, year, { asAt: taken });
    },
    remote: ({ service, asAt }, year) =>
      `/reports/annual/${encodeURIComponent(service)}?${new URLSearchParams({ year, ...(asAt === undefined ? {} : { asAt }) })}`,
    // The API says which instant it took the report at (`asAt`, by default the earlier of the year's
    // end and now); the report itself is the domain's, printed the same as one worked out here.
    fromApi: (answer, args, year) => {
      const { asAt: taken, ...report } = answer as AnnualReport & { asAt?: string };
      if (taken !== undefined) refuseYearNotBegun(year, taken, args.asAt !== undefined);
      return report;
    },
    table: (r, { colour }) => annualReportText(r, colour),
    csv: annualReportCsv,
    xlsx: async (r) => (await import("@3c/workbooks")).annualReportWorkbook(r),
  });
}
