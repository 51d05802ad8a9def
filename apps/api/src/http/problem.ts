import { isDomainError, type ValidationIssue } from "@3c/domain";
import { isStoreError, type StoreError } from "@3c/store";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { API_PROBLEMS, type ApiProblemCode, DOMAIN_PROBLEMS, STORE_PROBLEMS } from "./problemCodes.js";

/** One problem with one field or row of the request. */
export interface ProblemIssue {
  /** Where: a JSON path such as `items[3].amount`, or a CSV column name. */
  readonly path: string;
  readonly message: string;
  /**
   * The kind of problem, where a client may act on it by kind: the domain's stable code of the
   * issue (e.g. `MISSING_DRIVER`: import the driver's quantities). Absent on the others; read it,
   * not the message, which may be reworded.
   */
  readonly code?: string;
  /** For imports: the item number in a JSON list (1 = first), or the CSV record (1 = header). */
  readonly row?: number;
  /** For imports: the field or CSV column at fault. */
  readonly column?: string;
}

/** An RFC 9457 problem document, with a stable `code` and the issues of a validation error. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  /** The request id, to find the request in the logs. */
  readonly instance: string;
  readonly errors?: readonly ProblemIssue[];
}

/**
 * An error that answers as a problem document.
 */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem";
  /**
   * @param code - the API problem code
   * @param detail - what went wrong, for people
   * @param errors - issues by field
   */
  constructor(
    readonly code: ApiProblemCode,
    detail: string,
    readonly errors: readonly ProblemIssue[] = [],
  ) {
    super(detail);
  }
}

/**
 * A store refusal of a CSV import: answered like the store error, with rows counted as CSV records
 * (the header is record 1, so item i is record i + 2) and paths naming the column.
 */
export class CsvImportFailure extends Error {
  override readonly name = "CsvImportFailure";
  /**
   * @param failure - the store's error, whose issues index the parsed items
   * @param columnOf - the CSV column of an issue's field (default: the field itself), for layouts
   *   whose fields are not all columns (`partners[0].users` is in column `partners`)
   */
  constructor(
    readonly failure: StoreError,
    readonly columnOf: (field: string) => string = (field) => field,
  ) {
    super(failure.message);
  }
}

/**
 * PostgreSQL's SQLSTATEs for text it cannot hold: 22021 `character_not_in_repertoire` (a NUL byte in
 * text, "invalid byte sequence for encoding UTF8: 0x00") and 22P05 `untranslatable_character`
 * (`\u0000` in JSON).
 */
const UNSTORABLE_TEXT = new Set(["22021", "22P05"]);

const typeOf = (code: string) => `/problems/${code.toLowerCase().replaceAll("_", "-")}`;

/**
 * Builds the problem document for a code.
 *
 * @param code - a domain, store or API code
 * @param status - the HTTP status
 * @param title - short title
 * @param detail - what went wrong
 * @param requestId - the request id
 * @param errors - issues by field
 * @returns the problem
 */
export function problem(
  code: string,
  status: number,
  title: string,
  detail: string,
  requestId: string,
  errors?: readonly ProblemIssue[],
): Problem {
  return {
    type: typeOf(code),
    title,
    status,
    detail,
    code,
    instance: requestId,
    ...(errors === undefined || errors.length === 0 ? {} : { errors }),
  };
}

/**
 * Answers with a problem document (`application/problem+json`).
 *
 * @param c - the request context
 * @param body - the problem
 * @param headers - extra headers (e.g. `Allow`)
 * @returns the response
 */
export function sendProblem(c: Context, body: Problem, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    "Content-Type": "application/problem+json",
    ...headers,
  });
}

/**
 * A domain validation issue as a problem's issue: its path (or the one given), message and code.
 * Only these: an issue's other fields (a missing driver's rule, period...) are the domain's own.
 *
 * @param issue - the domain's issue
 * @param path - where it is in the request, when not the issue's own path
 * @returns the problem issue
 */
export function problemIssue(issue: ValidationIssue, path: string = issue.path): ProblemIssue {
  return { path, message: issue.message, ...(issue.code === undefined ? {} : { code: issue.code }) };
}

/**
 * Translates any thrown value into a problem: domain and store errors by their tables, API problems
 * by theirs; the database's refusal of a character it cannot store (SQLSTATE 22021, 22P05) is a 422
 * `VALIDATION_FAILED`; anything else is a 500 whose detail reveals nothing (no stack, no SQL).
 *
 * @param error - the caught value
 * @param requestId - the request id
 * @returns the problem, and whether it is an unexpected error to log
 */
export function toProblem(error: unknown, requestId: string): { problem: Problem; unexpected: boolean } {
  if (error instanceof ApiProblem) {
    const m = API_PROBLEMS[error.code];
    return {
      problem: problem(error.code, m.status, m.title, error.message, requestId, error.errors),
      unexpected: false,
    };
  }
  if (error instanceof CsvImportFailure) {
    const m = STORE_PROBLEMS[error.failure.code];
    const errors = error.failure.issues.map((i): ProblemIssue => {
      // Not a row's: another part of the document the rows would break, named by its own path.
      if (i.index === undefined) return { path: i.field, message: i.message };
      const row = i.index + 2;
      const column = error.columnOf(i.field);
      return { path: `row ${row}${i.field === "" ? "" : `.${i.field}`}`, message: i.message, row, column };
    });
    return {
      problem: problem(error.failure.code, m.status, m.title, error.message, requestId, errors),
      unexpected: false,
    };
  }
  if (isStoreError(error)) {
    const m = STORE_PROBLEMS[error.code];
    const errors = error.issues.map((i) => ({
      path: i.index === undefined ? i.field : `items[${i.index}]${i.field === "" ? "" : `.${i.field}`}`,
      message: i.message,
      ...(i.code === undefined ? {} : { code: i.code }),
      ...(i.index === undefined ? {} : { row: i.index + 1, column: i.field }),
    }));
    return { problem: problem(error.code, m.status, m.title, error.message, requestId, errors), unexpected: false };
  }
  if (isDomainError(error)) {
    const m = DOMAIN_PROBLEMS[error.code];
    return {
      problem: problem(
        error.code,
        m.status,
        m.title,
        error.message,
        requestId,
        error.issues.map((i) => problemIssue(i)),
      ),
      unexpected: m.status >= 500,
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own refusals, e.g. a body that is not JSON.
    const code =
      error.status === 413
        ? "PAYLOAD_TOO_LARGE"
        : /^(Invalid HTTP header: Content-Type|Unsupported Media Type)/.test(error.message)
          ? "UNSUPPORTED_MEDIA_TYPE"
          : "BAD_REQUEST";
    const m = API_PROBLEMS[code];
    return { problem: problem(code, m.status, m.title, error.message || m.title, requestId), unexpected: false };
  }
  if (UNSTORABLE_TEXT.has(String((error as { code?: unknown } | null)?.code))) {
    // A safety net: validation refuses U+0000 first, but a text the database cannot hold is the
    // client's input, not our fault.
    const m = API_PROBLEMS.VALIDATION_FAILED;
    const detail = "the request holds a character the database cannot store (such as U+0000, NUL)";
    return { problem: problem("VALIDATION_FAILED", m.status, m.title, detail, requestId), unexpected: false };
  }
  const m = API_PROBLEMS.INTERNAL;
  return {
    problem: problem(
      "INTERNAL",
      m.status,
      m.title,
      `Something went wrong; quote ${requestId} when you report it`,
      requestId,
    ),
    unexpected: true,
  };
}
