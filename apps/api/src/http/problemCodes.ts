import type { DomainErrorCode } from "@3c/domain";
import type { StoreErrorCode } from "@3c/store";

/** The API's own problem codes, beside those of the domain and the store. */
export const API_PROBLEM_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "VALIDATION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "INVALID_STATE",
  "DATABASE_UNAVAILABLE",
  "INTERNAL",
  "IDEMPOTENCY_KEY_REUSED",
  "IDEMPOTENCY_IN_FLIGHT",
  "RATE_LIMITED",
] as const;

/** An API problem code. */
export type ApiProblemCode = (typeof API_PROBLEM_CODES)[number];

/** How a code is answered over HTTP: the status and a short, stable title. */
export interface ProblemMapping {
  readonly status: number;
  readonly title: string;
}

/**
 * Every domain error code's HTTP answer. Typed as a `Record` over the domain's codes, so a code added
 * to the domain fails to compile here until it is mapped. Domain errors are about the data sent or
 * stored: 422, except a broken conservation check (a bug: 500).
 */
export const DOMAIN_PROBLEMS: Readonly<Record<DomainErrorCode, ProblemMapping>> = {
  INVALID_DECIMAL: { status: 422, title: "Not a decimal" },
  INVALID_AMOUNT: { status: 422, title: "Not an amount" },
  PRECISION_LOSS: { status: 422, title: "More decimal places than the currency has" },
  UNKNOWN_CURRENCY: { status: 422, title: "Unknown currency" },
  CURRENCY_MISMATCH: { status: 422, title: "Currencies differ" },
  AMOUNT_OVERFLOW: { status: 422, title: "Amount too large" },
  DIVISION_BY_ZERO: { status: 422, title: "Division by zero" },
  INVALID_DATE: { status: 422, title: "Not a calendar date" },
  INVALID_PERIOD: { status: 422, title: "Not a financial period" },
  NO_RECIPIENTS: { status: 422, title: "Nobody to share with" },
  NEGATIVE_WEIGHT: { status: 422, title: "Negative weight" },
  ZERO_TOTAL_WEIGHT: { status: 422, title: "Weights total zero" },
  DUPLICATE_RECIPIENT: { status: 422, title: "Recipient listed twice" },
  UNKNOWN_RECIPIENT: { status: 422, title: "Unknown recipient" },
  INVALID_SCENARIO: { status: 422, title: "The scenario is not valid" },
  NO_RULE_IN_FORCE: { status: 422, title: "No rule in force" },
  MISSING_DRIVER: { status: 422, title: "Driver quantities missing" },
  MISSING_RATE: { status: 422, title: "Exchange rate missing" },
  INVALID_RULE: { status: 422, title: "The rule is not valid" },
  INVALID_SUPPORT_MATRIX: { status: 422, title: "Support services cannot be solved" },
  CONSERVATION_BROKEN: { status: 500, title: "Money was not conserved" },
  MISSING_BASELINE: { status: 422, title: "No baseline for a contribution" },
  MISSING_INDEX: { status: 422, title: "Index value missing" },
  MISSING_CONTRIBUTION: { status: 422, title: "Contribution missing for a year" },
  INVALID_KPI: { status: 422, title: "The KPI is not valid" },
  INVALID_MEASUREMENT: { status: 422, title: "The measurement is not valid" },
  INVALID_TIME: { status: 422, title: "Not an instant" },
  NONEXISTENT_LOCAL_TIME: { status: 422, title: "That local time does not exist (clocks went forward)" },
  INVALID_CALENDAR: { status: 422, title: "The service calendar is not valid" },
  INVALID_OUTAGE: { status: 422, title: "The outage is not valid" },
};

/** Every store error code's HTTP answer; a new store code fails to compile until mapped. */
export const STORE_PROBLEMS: Readonly<Record<StoreErrorCode, ProblemMapping>> = {
  NOT_FOUND: { status: 404, title: "Not found" },
  ALREADY_EXISTS: { status: 409, title: "Already exists" },
  INVALID_INPUT: { status: 422, title: "Invalid input" },
  PERIOD_CLOSED: { status: 409, title: "Period closed" },
  INVALID_STATE: { status: 409, title: "Not allowed in this state" },
  FOUR_EYES: { status: 403, title: "Needs a second person (four eyes)" },
  NOT_PERMITTED: { status: 403, title: "Not yours to write" },
  VERSION_MISMATCH: { status: 412, title: "Changed since you read it" },
  RUN_STALE: { status: 409, title: "The draft no longer reproduces from the stored data" },
  // Raised only when a process opens its PGlite directory, never by a request.
  DATA_DIR_IN_USE: { status: 503, title: "The data directory is in use by another process" },
};

/** The API's own codes' HTTP answers. */
export const API_PROBLEMS: Readonly<Record<ApiProblemCode, ProblemMapping>> = {
  BAD_REQUEST: { status: 400, title: "Malformed request" },
  UNAUTHORIZED: { status: 401, title: "Missing or unknown API key" },
  FORBIDDEN: { status: 403, title: "Your role may not do this" },
  NOT_FOUND: { status: 404, title: "Not found" },
  METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
  VALIDATION_FAILED: { status: 422, title: "The request is not valid" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Request body too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported content type" },
  INVALID_STATE: { status: 409, title: "Not allowed in this state" },
  DATABASE_UNAVAILABLE: { status: 503, title: "Database unavailable" },
  INTERNAL: { status: 500, title: "Internal error" },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: "Idempotency-Key used with another request" },
  IDEMPOTENCY_IN_FLIGHT: { status: 409, title: "The request with this Idempotency-Key is in flight" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
};
