import { type KpiScorecard, kpiScorecard, reportInstant } from "@3c/domain";
import { kpiCsv } from "@3c/workbooks";
import { asAtFlag, stringFlag } from "../args.js";
import type { ExitCode } from "../exitCodes.js";
import { type Io, nowSeconds } from "../Io.js";
import { kpiReportText } from "../output/kpiReport.js";
import { reportCommand } from "../report/reportCommand.js";
import { refuseYearNotBegun } from "../report/reportYears.js";

/**
 * `3c kpi FILE --year Y [--service S] [--as-at WHEN] [--format table|json|csv|xlsx] [--out PATH]`:
 * the KPI scorecard with RAG status, direction of travel, predicted year end and review flags.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the scorecard was written
 * @throws CliError usage (also for a year not begun when the scorecard is taken); DomainError from the evaluation
 */
export function kpi(argv: readonly string[], io: Io): Promise<ExitCode> {
  return reportCommand<KpiScorecard, { service?: string; asAt?: string }>(argv, io, {
    options: { service: { type: "string" }, "as-at": { type: "string" } },
    args: (values, files) => {
      const service = stringFlag(values, "service");
      const asAt = asAtFlag(values);
      return {
        args: { ...(service === undefined ? {} : { service }), ...(asAt === undefined ? {} : { asAt }) },
        files,
      };
    },
    // Taken when the API would take it: as asked, or the earlier of the year's end and now.
    // A year not begun by then is refused: its scorecard could only say "no data".
    local: (scenario, _label, args, year) => {
      const asAt = reportInstant(args.asAt, year, nowSeconds(io));
      refuseYearNotBegun(year, asAt, args.asAt !== undefined);
      return kpiScorecard(scenario, year, { ...args, asAt });
    },
    remote: (args, year) => `/reports/kpis?${new URLSearchParams({ year, ...args })}`,
    // The API says which instant it took the scorecard at (`asAt`, by default the earlier of the
    // year's end and now); the scorecard itself is the domain's, printed the same as one worked out here.
    fromApi: (answer, args, year) => {
      const { asAt: taken, ...card } = answer as KpiScorecard & { asAt?: string };
      if (taken !== undefined) refuseYearNotBegun(year, taken, args.asAt !== undefined);
      return card;
    },
    table: (card, { name, year, colour, args }) =>
      kpiReportText(
        card,
        `${name}: KPI scorecard ${year}${args.service === undefined ? "" : `, ${args.service}`}`,
        colour,
      ),
    csv: kpiCsv,
    xlsx: async (card) => (await import("@3c/workbooks")).kpiWorkbook(card),
  });
}
