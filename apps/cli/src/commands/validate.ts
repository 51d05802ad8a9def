import { INPUT_OPTIONS, parseCommandArgs, scenarioSource } from "../args.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { loadScenario } from "../input/loadScenario.js";
import { stripControlLine } from "../text/stripControl.js";

/**
 * `3c validate FILE [--ledger CSV --map FILE]`: checks a scenario (and ledger) and lists every
 * problem with its location. Problems are reported by throwing, as for every command.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 when valid
 * @throws CliError usage or input (every problem listed)
 */
export async function validate(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, INPUT_OPTIONS);
  const source = scenarioSource(values, positionals);
  const loaded = await loadScenario(source, values["no-progress"] === true ? undefined : process.stderr);
  const s = loaded.scenario;
  const lines = source.ledger === undefined ? "" : ` and ${s.costLines.length} cost lines from ${source.ledger.file}`;
  io.stdout.write(
    `${stripControlLine(loaded.label)}: valid${lines} (${s.partners.length} partners, ${s.services.length} services, ${s.rules.length} rules, ${s.costLines.length} cost lines, ${s.income.length} income lines, ${s.drivers.length} driver quantities)\n`,
  );
  return EXIT.ok;
}
