import { type KpiScorecard, kpiScorecard } from "@3c/domain";
import { API_OPTIONS, apiTarget, fetchReport, PARTNERSHIP_OPTION } from "../api/apiClient.js";
import { formatFlag, INPUT_OPTIONS, outFlag, parseCommandArgs, scenarioSource, stringFlag, yearFlag } from "../args.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import { colourAllowed, type Io } from "../Io.js";
import { loadScenario } from "../input/loadScenario.js";
import { toJson } from "../output/json.js";
import { kpiCsv, kpiReportText } from "../output/kpiReport.js";
import { writeOutput } from "../output/writeOutput.js";

/**
 * `3c kpi FILE --year Y [--service S] [--as-at INSTANT] [--format table|json|csv|xlsx] [--out PATH]`:
 * the KPI scorecard with RAG status, direction of travel, predicted year end and review flags.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the scorecard was written
 * @throws CliError usage; DomainError from the evaluation
 */
export async function kpi(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...INPUT_OPTIONS,
    ...API_OPTIONS,
    ...PARTNERSHIP_OPTION,
    year: { type: "string" },
    service: { type: "string" },
    "as-at": { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  const source = scenarioSource(values, positionals);
  const year = yearFlag(values);
  const format = formatFlag(values, ["table", "json", "csv", "xlsx"]);
  const out = outFlag(values, format);
  const service = stringFlag(values, "service");
  const asAt = stringFlag(values, "as-at");
  const target = apiTarget(values);
  let card: KpiScorecard;
  let name: string;
  if (target === undefined) {
    const { scenario } = await loadScenario(source, values["no-progress"] === true ? undefined : process.stderr);
    card = kpiScorecard(scenario, year, {
      ...(service === undefined ? {} : { service }),
      ...(asAt === undefined ? {} : { asAt }),
    });
    name = scenario.partnership.name;
  } else {
    const query = new URLSearchParams({
      year,
      ...(service === undefined ? {} : { service }),
      ...(asAt === undefined ? {} : { asAt }),
    });
    const remote = await fetchReport(
      target,
      values,
      `/reports/kpis?${query}`,
      source.demo || source.file !== undefined,
    );
    card = remote.report as KpiScorecard;
    name = remote.name;
  }
  switch (format) {
    case "table": {
      const colour = out === undefined && colourAllowed(io.stdout, io.env, values["no-color"] === true);
      const title = `${name}: KPI scorecard ${year}${service === undefined ? "" : `, ${service}`}`;
      await writeOutput(io, out, kpiReportText(card, title, colour));
      break;
    }
    case "json":
      await writeOutput(io, out, toJson(card));
      break;
    case "csv":
      await writeOutput(io, out, kpiCsv(card));
      break;
    case "xlsx": {
      const { kpiWorkbook } = await import("../output/kpiWorkbook.js");
      await writeOutput(io, out, await kpiWorkbook(card));
      break;
    }
  }
  return EXIT.ok;
}
