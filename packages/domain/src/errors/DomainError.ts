/**
 * Every error the domain raises, by stable code. Adapters translate these codes into HTTP statuses
 * and exit codes with a `Record<DomainErrorCode, …>` table, so adding a code here without a mapping
 * there fails to compile.
 */
export const DOMAIN_ERROR_CODES = [
  "INVALID_DECIMAL",
  "INVALID_AMOUNT",
  "PRECISION_LOSS",
  "UNKNOWN_CURRENCY",
  "CURRENCY_MISMATCH",
  "AMOUNT_OVERFLOW",
  "DIVISION_BY_ZERO",
  "INVALID_DATE",
  "INVALID_PERIOD",
  "NO_RECIPIENTS",
  "NEGATIVE_WEIGHT",
  "ZERO_TOTAL_WEIGHT",
  "DUPLICATE_RECIPIENT",
  "UNKNOWN_RECIPIENT",
  "INVALID_SCENARIO",
  "NO_RULE_IN_FORCE",
  "MISSING_DRIVER",
  "MISSING_RATE",
  "INVALID_RULE",
  "INVALID_SUPPORT_MATRIX",
  "CONSERVATION_BROKEN",
  "MISSING_BASELINE",
  "MISSING_INDEX",
  "MISSING_CONTRIBUTION",
  "INVALID_KPI",
  "INVALID_MEASUREMENT",
  "INVALID_TIME",
  "NONEXISTENT_LOCAL_TIME",
  "INVALID_CALENDAR",
  "INVALID_OUTAGE",
] as const;

/** A stable, machine-readable error code. */
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/**
 * One problem found while validating input, located by its path in the document. Its `message` is
 * for people and may be reworded in any release; a caller that acts on the kind of problem reads its
 * `code`, which is stable.
 */
export interface ValidationIssue {
  /** Path to the offending value, e.g. `costLines[42].amount`. */
  readonly path: string;
  /** What is wrong and what was expected. */
  readonly message: string;
  /**
   * The kind of problem, on the issues a caller may act on by kind; absent on the others. Issues
   * with a code carry that code's fields (see {@link MissingDriverIssue}).
   */
  readonly code?: DomainErrorCode;
}

/** A rule version that shares by a driver: its id and, where known, its service and the pool it shares. */
export interface DriverNeed {
  /** The id of the rule version. */
  readonly rule: string;
  /** Its service, when known (a rule without a service names none). */
  readonly service?: string;
  /** The pool whose costs it shares: in a run, always; in a document, when the rule names one. */
  readonly pool?: string;
}

/**
 * An issue of code `MISSING_DRIVER`: quantities of a driver that a rule shares by are not given —
 * none at all in the document (`parseScenario`, an issue at each rule's `driver`), or none for a
 * period and partners a run needs (`runAllocation`, an issue per driver and period at
 * `drivers.<driver>`, naming every rule and pool that needs them). The caller's remedy is to import
 * them: the quantities of `driver` for `period` and each of `partners`.
 */
export interface MissingDriverIssue extends ValidationIssue {
  readonly code: "MISSING_DRIVER";
  /** The driver whose quantities are missing. */
  readonly driver: string;
  /** The rule versions that share by it (in a run, with the pools they share), sorted; absent when unknown. */
  readonly neededBy?: readonly DriverNeed[];
  /** The driver period whose quantities a run needs (e.g. `2025/26-Q1`); absent when none are given at all. */
  readonly period?: string;
  /** The partners without a quantity in that period, sorted; absent when none are given at all. */
  readonly partners?: readonly string[];
}

/**
 * Narrows a validation issue to a {@link MissingDriverIssue} by its code.
 *
 * @param issue - an issue of a `DomainError` or of `parseScenario`'s result
 * @returns whether its code is `MISSING_DRIVER`
 * @example
 * const drivers = error.issues.filter(isMissingDriverIssue).map((i) => i.driver);
 */
export function isMissingDriverIssue(issue: ValidationIssue): issue is MissingDriverIssue {
  return issue.code === "MISSING_DRIVER";
}

/** Options accepted by {@link DomainError}. */
export interface DomainErrorOptions {
  /** Where the offending value lives (field path, row, line id). */
  readonly path?: string;
  /** Every problem when several were found at once (validation). */
  readonly issues?: readonly ValidationIssue[];
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * The one error class of `@3c/domain`. Its `code` is stable; its message is for people and names the
 * field, row or line at fault.
 *
 * @example
 * try { parseMoney("12,3", "GBP") } catch (e) { if (isDomainError(e, "INVALID_AMOUNT")) … }
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  /** Stable machine-readable code. */
  readonly code: DomainErrorCode;
  /** Where the offending value lives, when known. */
  readonly path: string | undefined;
  /** Every problem found, for validation errors; otherwise a single issue built from the message. */
  readonly issues: readonly ValidationIssue[];

  /**
   * @param code - stable error code
   * @param message - human message naming what is wrong and what was expected
   * @param options - path, issues and cause
   */
  constructor(code: DomainErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path;
    this.issues = options.issues ?? [{ path: options.path ?? "", message }];
  }
}

/**
 * Narrows an unknown thrown value to a {@link DomainError}, optionally of one code.
 *
 * @param error - the caught value
 * @param code - the code to match, if any
 * @returns whether `error` is a DomainError (with that code)
 */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/**
 * Marks a branch the type checker proves unreachable (exhaustive switches over unions).
 *
 * @param value - the value with no remaining type
 * @returns never
 * @throws Error always, if reached at run time through unchecked input
 */
export function unreachable(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
