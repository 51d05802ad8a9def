import { CliError } from "../CliError.js";
import type { ReadDocument } from "../input/loadScenario.js";

/**
 * Reads a scenario workbook.
 *
 * @param _bytes - the file
 * @param file - its name
 * @returns the document
 * @throws CliError until built
 */
export async function readWorkbook(_bytes: Uint8Array, file: string): Promise<ReadDocument> {
  throw new CliError("input", `${file}: workbooks are not read yet`);
}
