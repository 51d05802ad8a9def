import type { CostLine, Scenario } from "@3c/domain";
import { CliError } from "../CliError.js";
import type { LedgerOptions } from "./LedgerOptions.js";

/**
 * Reads a ledger.
 *
 * @param options - ledger options
 * @param _scenario - scenario
 * @param _progress - progress stream
 * @returns lines
 * @throws CliError until built
 */
export async function readLedger(
  options: LedgerOptions,
  _scenario: Scenario,
  _progress?: NodeJS.WritableStream,
): Promise<{ lines: CostLine[] }> {
  throw new CliError("input", `${options.file}: ledgers are not read yet`);
}
