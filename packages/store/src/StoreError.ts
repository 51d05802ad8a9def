/** Every error the store raises, by stable code; the API maps each to an HTTP status. */
export const STORE_ERROR_CODES = [
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "INVALID_INPUT",
  "PERIOD_CLOSED",
  "INVALID_STATE",
  "FOUR_EYES",
  "NOT_PERMITTED",
  "VERSION_MISMATCH",
  "RUN_STALE",
  "DATA_DIR_IN_USE",
] as const;

/** A stable, machine-readable store error code. */
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/** One problem with one row of an import or one field of a write. */
export interface RowIssue {
  /** Index of the item in the request (0-based), when the problem is in a list. */
  readonly index?: number;
  /** Field (column) at fault, e.g. `amount`; empty for the whole item. */
  readonly field: string;
  readonly message: string;
  /**
   * The kind of problem, where a caller may act on it by kind: the domain issue's stable code (e.g.
   * `MISSING_DRIVER` in a `RUN_STALE` refusal). Absent on the others.
   */
  readonly code?: string;
}

/**
 * The store's one error class: a stable `code`, a message naming what is wrong, and every problem
 * with its row and field for invalid input.
 *
 * @example
 * throw new StoreError("PERIOD_CLOSED", "2024/25-Q1 is closed: correct it by a reversal in an open period");
 */
export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly code: StoreErrorCode;
  readonly issues: readonly RowIssue[];

  /**
   * @param code - stable error code
   * @param message - what is wrong and what was expected
   * @param issues - every problem found, for `INVALID_INPUT` (and the refusal behind a `RUN_STALE`)
   * @param options - the underlying error, if any
   */
  constructor(
    code: StoreErrorCode,
    message: string,
    issues: readonly RowIssue[] = [],
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = issues;
  }
}

/**
 * Narrows a caught value to a {@link StoreError}, optionally of one code.
 *
 * @param error - the caught value
 * @param code - the code to match, if any
 * @returns whether it is one
 */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
