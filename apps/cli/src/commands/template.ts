import { parseCommandArgs, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { writeOutput } from "../output/writeOutput.js";
import { writeTemplate } from "../workbook/writeTemplate.js";

/**
 * `3c template [--demo] --out PATH.xlsx`: the annotated scenario workbook, blank or with the demo.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns 0 once written
 * @throws CliError usage without --out
 */
export async function template(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, { demo: { type: "boolean" }, out: { type: "string" } });
  if (positionals.length > 0) throw new CliError("usage", `unexpected argument ${JSON.stringify(positionals[0])}`);
  const out = stringFlag(values, "out");
  if (out === undefined || !out.toLowerCase().endsWith(".xlsx"))
    throw new CliError("usage", "template needs --out PATH.xlsx (the workbook to write)");
  const doc = values.demo === true ? (await import("@3c/domain/demo")).demoScenarioDocument : undefined;
  await writeOutput(io, out, await writeTemplate(doc));
  io.stderr.write(`Wrote ${out}${doc === undefined ? "" : " (the demo partnership)"}.\n`);
  return EXIT.ok;
}
