import { type ScenarioCounts, scenarioCounts } from "@3c/domain";
import { stripControlLine } from "@3c/workbooks";
import { API_OPTIONS, apiTarget, callApi } from "../api/apiClient.js";
import { INPUT_OPTIONS, parseCommandArgs, progressSink, scenarioSource } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { loadScenario, readSource, scenarioProblems } from "../input/loadScenario.js";

/**
 * `3c validate FILE [--ledger CSV --map FILE] [--api URL --key KEY]`: checks a scenario (and
 * ledger) and lists every problem with its location. With `--api`, the document is checked by the
 * API's `POST /v1/validate` (the rules of the domain version the API runs) and reported the same
 * way. Problems are reported by throwing, as for every command.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when valid
 * @throws CliError usage or input (every problem listed); network for API failures
 */
export async function validate(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, { ...INPUT_OPTIONS, ...API_OPTIONS });
  const source = scenarioSource(values, positionals, io.cwd);
  const target = apiTarget(values);
  let label: string;
  let counts: ScenarioCounts;
  let lines = "";
  if (target === undefined) {
    const loaded = await loadScenario(source, progressSink(values, io));
    const s = loaded.scenario;
    label = loaded.label;
    counts = scenarioCounts(s);
    if (source.ledger !== undefined) lines = ` and ${s.costLines.length} cost lines from ${source.ledger.file}`;
  } else {
    if (source.ledger !== undefined)
      throw new CliError("usage", "--api takes the scenario's own cost lines; import a ledger into the API instead");
    const read = await readSource(source);
    label = read.label;
    const answer = (await callApi(target, "POST", "/v1/validate", { scenario: read.read.document })) as {
      valid?: unknown;
      counts?: ScenarioCounts;
      issues?: { path: string; message: string }[];
    };
    if (answer.valid === false && Array.isArray(answer.issues)) throw scenarioProblems(read.read, label, answer.issues);
    if (answer.valid !== true || answer.counts === undefined)
      throw new CliError("network", "the API's answer to POST /v1/validate is not a validation");
    counts = answer.counts;
  }
  io.stdout.write(
    `${stripControlLine(label)}: valid${lines} (${counts.partners} partners, ${counts.services} services, ${counts.rules} rules, ${counts.costLines} cost lines, ${counts.income} income lines, ${counts.drivers} driver quantities)\n`,
  );
  return EXIT.ok;
}
