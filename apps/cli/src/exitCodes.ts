import type { DomainErrorCode } from "@3c/domain";

/**
 * The exit codes of `3c`, documented in `3c --help` and docs/calculator.md:
 * 0 ok, 1 invalid input, 2 usage error, 3 API or network error, 4 internal error (a bug in 3c).
 */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2, network: 3, internal: 4 } as const;

/** One of the documented exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The exit code for each domain error. Typed as a full record, so a code added to the domain fails
 * to compile here until it is mapped.
 */
export const EXIT_CODE_BY_DOMAIN_ERROR: Readonly<Record<DomainErrorCode, ExitCode>> = {
  INVALID_DECIMAL: EXIT.invalidInput,
  INVALID_AMOUNT: EXIT.invalidInput,
  PRECISION_LOSS: EXIT.invalidInput,
  UNKNOWN_CURRENCY: EXIT.invalidInput,
  CURRENCY_MISMATCH: EXIT.invalidInput,
  AMOUNT_OVERFLOW: EXIT.invalidInput,
  DIVISION_BY_ZERO: EXIT.invalidInput,
  INVALID_DATE: EXIT.invalidInput,
  // A period named on the command line is usage; one inside a file is input. The command that reads
  // the flag checks it first and reports a usage error, so what reaches this table came from a file.
  INVALID_PERIOD: EXIT.invalidInput,
  NO_RECIPIENTS: EXIT.invalidInput,
  NEGATIVE_WEIGHT: EXIT.invalidInput,
  ZERO_TOTAL_WEIGHT: EXIT.invalidInput,
  DUPLICATE_RECIPIENT: EXIT.invalidInput,
  UNKNOWN_RECIPIENT: EXIT.invalidInput,
  INVALID_SCENARIO: EXIT.invalidInput,
  NO_RULE_IN_FORCE: EXIT.invalidInput,
  MISSING_DRIVER: EXIT.invalidInput,
  MISSING_RATE: EXIT.invalidInput,
  INVALID_RULE: EXIT.invalidInput,
  INVALID_SUPPORT_MATRIX: EXIT.invalidInput,
  // The engine's own proof failed: not the user's input, a bug to report.
  CONSERVATION_BROKEN: EXIT.internal,
  MISSING_BASELINE: EXIT.invalidInput,
  MISSING_INDEX: EXIT.invalidInput,
  MISSING_CONTRIBUTION: EXIT.invalidInput,
  INVALID_KPI: EXIT.invalidInput,
  INVALID_MEASUREMENT: EXIT.invalidInput,
  INVALID_TIME: EXIT.invalidInput,
  NONEXISTENT_LOCAL_TIME: EXIT.invalidInput,
  INVALID_CALENDAR: EXIT.invalidInput,
  INVALID_OUTAGE: EXIT.invalidInput,
};
