import { type AnnualReport, annualReport } from "@3c/domain";
import { API_OPTIONS, apiTarget, fetchReport, PARTNERSHIP_OPTION } from "../api/apiClient.js";
import { formatFlag, INPUT_OPTIONS, outFlag, parseCommandArgs, scenarioSource, stringFlag, yearFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import { colourAllowed, type Io } from "../Io.js";
import { loadScenario } from "../input/loadScenario.js";
import { annualReportCsv, annualReportText } from "../output/annualReportText.js";
import { toJson } from "../output/json.js";
import { writeOutput } from "../output/writeOutput.js";

/**
 * `3c report SERVICE FILE --year Y [--as-at INSTANT] [--format table|json|csv|xlsx] [--out PATH]`: the
 * standard annual report of a service.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the report was written
 * @throws CliError usage when SERVICE is missing; DomainError for an unknown service
 */
export async function report(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...INPUT_OPTIONS,
    ...API_OPTIONS,
    ...PARTNERSHIP_OPTION,
    year: { type: "string" },
    "as-at": { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  const [service, ...files] = positionals;
  if (service === undefined) throw new CliError("usage", "give the SERVICE to report on, e.g. 3c report ICT --demo");
  const source = scenarioSource(values, files);
  const year = yearFlag(values);
  const format = formatFlag(values, ["table", "json", "csv", "xlsx"]);
  const out = outFlag(values, format);
  const asAt = stringFlag(values, "as-at");
  const target = apiTarget(values);
  let r: AnnualReport;
  if (target === undefined) {
    const { scenario } = await loadScenario(source, values["no-progress"] === true ? undefined : process.stderr);
    r = annualReport(scenario, service, year, asAt === undefined ? {} : { asAt });
  } else {
    const query = new URLSearchParams({ year, ...(asAt === undefined ? {} : { asAt }) });
    const remote = await fetchReport(
      target,
      values,
      `/reports/annual/${encodeURIComponent(service)}?${query}`,
      source.demo || source.file !== undefined,
    );
    r = remote.report as AnnualReport;
  }
  switch (format) {
    case "table": {
      const colour = out === undefined && colourAllowed(io.stdout, io.env, values["no-color"] === true);
      await writeOutput(io, out, annualReportText(r, colour));
      break;
    }
    case "json":
      await writeOutput(io, out, toJson(r));
      break;
    case "csv":
      await writeOutput(io, out, annualReportCsv(r));
      break;
    case "xlsx": {
      const { annualReportWorkbook } = await import("../output/annualReportWorkbook.js");
      await writeOutput(io, out, await annualReportWorkbook(r));
      break;
    }
  }
  return EXIT.ok;
}
