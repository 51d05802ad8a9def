import type { ValidationIssue } from "@3c/domain";
import { EXIT, type ExitCode } from "./exitCodes.js";

/** Why the command line or its files were refused. */
export type CliErrorKind = "usage" | "input" | "network";

const EXIT_BY_KIND: Readonly<Record<CliErrorKind, ExitCode>> = {
  usage: EXIT.usage,
  input: EXIT.invalidInput,
  network: EXIT.network,
};

/**
 * An error of the command line itself (a bad flag, an unreadable file, a malformed workbook or
 * ledger), carrying its exit code. Domain rules raise `DomainError`; this is for what `3c` checks.
 *
 * @example throw new CliError("usage", "--period is required: e.g. --period 2024/25-Q3")
 */
export class CliError extends Error {
  override readonly name = "CliError";
  readonly kind: CliErrorKind;
  readonly exitCode: ExitCode;
  /** Each problem with its location (file, sheet, row, column), when there are several. */
  readonly issues: readonly ValidationIssue[];

  /**
   * @param kind - usage (exit 2), input (exit 1) or network (exit 3)
   * @param message - what is wrong and what was expected
   * @param issues - every problem found, each with where it is
   */
  constructor(kind: CliErrorKind, message: string, issues: readonly ValidationIssue[] = []) {
    super(message);
    this.kind = kind;
    this.exitCode = EXIT_BY_KIND[kind];
    this.issues = issues;
  }
}
