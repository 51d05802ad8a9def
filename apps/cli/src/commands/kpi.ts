import { type KpiScorecard, kpiScorecard, reportInstant } from "@3c/domain";
import { kpiCsv } from "@3c/workbooks";
import { stringFlag } from "../args.js";
import type { ExitCode } from "../exitCodes.js";
import { type Io, nowSeconds } from "../Io.js";
import { kpiReportText } from "../output/kpiReport.js";
import { reportCommand } from "../report/reportCommand.js";

/**
 * `3c kpi FILE --year Y [--service S] [--as-at WHEN] [--format table|json|csv|xlsx] [--out PATH]`:
 * the KPI scorecard with RAG status, direction of travel, predicted year end and review flags.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the scorecard was written
 * @throws CliError usage; DomainError from the evaluation
 */
export function kpi(argv: readonly string[], io: Io): Promise<ExitCode> {
  return reportCommand<KpiScorecard, { service?: string; asAt?: string }>(argv, io, {
    options: { service: { type: "string" }, "as-at": { type: "string" } },
    args: (values, files) => {
      const service = stringFlag(values, "service");
      const asAt = stringFlag(values, "as-at");
      return {
        args: { ...(service === undefined ? {} : { service }), ...(asAt === undefined ? {} : { asAt }) },
        files,
      };
    },
    // Taken when the API would take it: as asked, or the earlier of the year's end and now.
    local: (scenario, _label, args, year) =>
      kpiScorecard(scenario, year, { ...args, asAt: reportInstant(args.asAt, year, nowSeconds(io)) }),
    remote: (args, year) => `/reports/kpis?${new URLSearchParams({ year, ...args })}`,
    // The API says which instant it took the scorecard at (`asAt`, by default the earlier of the
    // year's end and now); the scorecard itself is the domain's, printed the same as one worked out here.
    fromApi: (answer) => {
      const { asAt: _taken, ...card } = answer as KpiScorecard & { asAt?: string };
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
