import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError } from "../CliError.js";
import type { Io } from "../Io.js";

/**
 * Writes a command's output to `--out PATH`, or to standard output.
 *
 * @param io - the streams
 * @param out - the path, or undefined for standard output
 * @param content - text or bytes
 * @returns when written
 * @throws CliError input, when the file cannot be written
 */
export async function writeOutput(io: Io, out: string | undefined, content: string | Uint8Array): Promise<void> {
  if (out === undefined) {
    io.stdout.write(content);
    return;
  }
  try {
    await writeFile(resolve(io.cwd, out), content);
  } catch (error) {
    throw new CliError(
      "input",
      `${out}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}
