import { scenarioSavings } from "@3c/domain";
import { API_OPTIONS, apiTarget } from "../api/apiClient.js";
import { formatFlag, INPUT_OPTIONS, parseCommandArgs, scenarioSource, stringFlag, yearFlag } from "../args.js";
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
    year: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
  });
  const source = scenarioSource(values, positionals);
  const year = yearFlag(values);
  if (apiTarget(values) !== undefined)
    throw new CliError("usage", "--api: the API has no savings endpoint yet; run 3c savings on the scenario file");
  const format = formatFlag(values, ["table", "json", "csv", "xlsx"]);
  const out = stringFlag(values, "out");
  if (format === "xlsx" && out === undefined) throw new CliError("usage", "--format xlsx needs --out PATH.xlsx");
  const { scenario, label } = await loadScenario(source, values["no-progress"] === true ? undefined : process.stderr);
  const report = scenarioSavings(scenario, year);
  if (report === null) throw new CliError("input", `${label}: the scenario has no savings agreement (section savings)`);
  switch (format) {
    case "table":
      await writeOutput(io, out, savingsReportText(report, scenario, year));
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
