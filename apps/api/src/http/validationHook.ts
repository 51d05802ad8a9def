import { formatPath } from "@3c/domain";
import type { Context } from "hono";
import type { AppEnv } from "./AppEnv.js";
import { nulPaths } from "./nulPaths.js";
import { type ProblemIssue, problem, sendProblem } from "./problem.js";
import { API_PROBLEMS } from "./problemCodes.js";

/** What `@hono/zod-openapi` hands its hook: one validated part of the request. */
export interface ValidationOutcome {
  readonly target: string;
  readonly success: boolean;
  readonly data?: unknown;
  readonly error?: { readonly issues: readonly ZodIssueLike[] };
}

/** The parts of a zod issue the hook reads. */
interface ZodIssueLike {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
}

/**
 * Turns zod issues into problem issues with field paths: an unknown-keys issue becomes one issue per
 * key, the key appended to the path (`colour`, `items[0].id2`), so every unknown field is named where
 * it is. Given the query parameters a route takes, an unknown key is told as an unknown query
 * parameter, with the ones the route takes.
 *
 * @param issues - zod's issues
 * @param query - the query parameters the route takes, when the issues are of the query
 * @returns the problem issues
 */
export function issuesOf(issues: readonly ZodIssueLike[], query?: readonly string[]): ProblemIssue[] {
  const unknown = (k: string) =>
    query === undefined
      ? `unknown field ${JSON.stringify(k)}`
      : `unknown query parameter ${JSON.stringify(k)}; ${query.length === 0 ? "this route takes none" : `this route takes ${query.join(", ")}`}`;
  return issues.flatMap((i) =>
    i.code === "unrecognized_keys" && i.keys !== undefined && i.keys.length > 0
      ? i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: unknown(k) }))
      : [{ path: formatPath(i.path), message: i.message }],
  );
}

/**
 * The app's validation hook, run on every validated part of a request (path parameters, query, JSON
 * body): a failure answers 422 `VALIDATION_FAILED` with every issue and its path. A valid part that
 * holds the NUL character (U+0000), which the database cannot store, is refused too: in a path
 * parameter it names nothing that can exist, so 404 `NOT_FOUND`; in the query or body, 422
 * `VALIDATION_FAILED` naming each path (`cursor`, `items[3].description`).
 *
 * @param result - the validation outcome
 * @param c - the request context
 * @param query - the query parameters the route takes, to name them beside an unknown one
 * @returns the problem response, or undefined to go on
 */
export function validationHook(
  result: ValidationOutcome,
  c: Context<AppEnv>,
  query?: readonly string[],
): Response | undefined {
  if (!result.success) {
    const m = API_PROBLEMS.VALIDATION_FAILED;
    const errors = issuesOf(result.error?.issues ?? [], result.target === "query" ? query : undefined);
    const detail = `${errors.length} problem(s) with the request: ${errors.map((e) => `${e.path || "(body)"}: ${e.message}`).join("; ")}`;
    return sendProblem(c, problem("VALIDATION_FAILED", m.status, m.title, detail, c.var.requestId, errors));
  }
  const nul = nulPaths(result.data);
  if (nul.length === 0) return undefined;
  if (result.target === "param") {
    const m = API_PROBLEMS.NOT_FOUND;
    const detail = `nothing at ${c.req.path}: no resource is named with the NUL character (U+0000)`;
    return sendProblem(c, problem("NOT_FOUND", m.status, m.title, detail, c.var.requestId));
  }
  const m = API_PROBLEMS.VALIDATION_FAILED;
  const message = "holds the NUL character (U+0000), which cannot be stored";
  const errors = nul.map((path) => ({ path, message }));
  const where = result.target === "query" ? "query parameter" : "field";
  const detail = `${errors.length} ${where}(s) hold the NUL character (U+0000): ${nul.join(", ")}`;
  return sendProblem(c, problem("VALIDATION_FAILED", m.status, m.title, detail, c.var.requestId, errors));
}
