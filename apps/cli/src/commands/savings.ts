import { type SavingsReport, scenarioSavings } from "@3c/domain";
import { API_OPTIONS, apiTarget, fetchReport, PARTNERSHIP_OPTION } from "../api/apiClient.js";
import { formatFlag, INPUT_OPTIONS, outFlag, parseCommandArgs, scenarioSource, yearFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { loadScenario } from "../input/loadScenario.js";
import { toJson } from "../output/json.js";
import { savingsCsv, savingsReportText } from "../output/savingsReport.js";
import { writeOutput } from "../output/writeOutput.js";

/**
 * `3c savings FILE --year Y [--format table|json|csv|xlsx] [--out PATH]`: each partner's savings against
 * its indexed baseline, cumulative, against target and after one-off costs.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when the report was written
 * @throws CliError usage, or input when the scenario has no savings agreement; DomainError from the domain
 */
export async function savings(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...INPUT_OPTIONS,
    ...API_OPTIONS,
    ...PARTNERSHIP_OPTION,
    year: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  const source = scenarioSource(values, positionals);
  const year = yearFlag(values);
  const format = formatFlag(values, ["table", "json", "csv", "xlsx"]);
  const out = outFlag(values, format);
  const target = apiTarget(values);
  let report: SavingsReport | null;
  let partnership: { readonly name: string };
  if (target === undefined) {
    const { scenario, label } = await loadScenario(source, values["no-progress"] === true ? undefined : process.stderr);
    report = scenarioSavings(scenario, year);
    if (report === null)
      throw new CliError("input", `${label}: the scenario has no savings agreement (section savings)`);
    partnership = scenario.partnership;
  } else {
    const remote = await fetchReport(
      target,
      values,
      `/reports/savings?year=${encodeURIComponent(year)}`,
      source.demo || source.file !== undefined,
    );
    report = remote.report as SavingsReport;
    partnership = { name: remote.name };
  }
  switch (format) {
    case "table":
      await writeOutput(io, out, savingsReportText(report, partnership, year));
      break;
    case "json":
      await writeOutput(io, out, toJson(report));
      break;
    case "csv":
      await writeOutput(io, out, savingsCsv(report));
      break;
    case "xlsx": {
      const { savingsWorkbook } = await import("../output/savingsWorkbook.js");
      await writeOutput(io, out, await savingsWorkbook(report));
      break;
    }
  }
  return EXIT.ok;
}
