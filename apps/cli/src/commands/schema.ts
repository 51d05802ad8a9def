import { scenarioJsonSchema } from "@3c/domain";
import { parseCommandArgs, stringFlag } from "../args.js";
import { CliError } from "../CliError.js";
import { EXIT, type ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";
import { writeOutput } from "../output/writeOutput.js";

/**
 * `3c schema [--out PATH]`: prints the scenario document's JSON Schema.
 *
 * @param argv - arguments after the command
 * @param io - streams
 * @returns exit code 0
 * @throws CliError usage for unexpected arguments
 */
export async function schema(argv: readonly string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, { out: { type: "string" } });
  if (positionals.length > 0) throw new CliError("usage", `unexpected argument ${JSON.stringify(positionals[0])}`);
  await writeOutput(io, stringFlag(values, "out"), `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
