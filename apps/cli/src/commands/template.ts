import { CliError } from "../CliError.js";
import type { ExitCode } from "../exitCodes.js";
import type { Io } from "../Io.js";

/**
 * `3c template`: the workbook template.
 *
 * @param _argv - arguments after the command
 * @param _io - streams
 * @returns exit code
 * @throws CliError until the calculator is built
 */
export async function template(_argv: readonly string[], _io: Io): Promise<ExitCode> {
  throw new CliError("usage", "template is not built yet");
}
