import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./AppEnv.js";
import { ApiProblem } from "./problem.js";

/** The largest request bodies accepted, in bytes. */
export interface BodyLimits {
  /** JSON (and any other non-CSV) bodies. */
  readonly json: number;
  /** `text/csv` bodies. */
  readonly csv: number;
}

const CSV = /^text\/csv\b/i;

/**
 * Refuses a request body over its limit (CSV and JSON separately) with 413 problem+json.
 *
 * A request that states its `Content-Length` (and no `Transfer-Encoding`) is judged by that header
 * alone: Node's HTTP parser never reads more than that many bytes, so the body cannot be larger.
 * Only a chunked body is counted as it streams in, by hono's `bodyLimit`. A GET or HEAD carries no
 * body here and passes straight on. Asking hono's middleware about every request would build a
 * whole web `Request` from the Node request just to see whether it has a body (decision 89).
 *
 * @param limits - the JSON and CSV limits
 * @returns the middleware
 */
export function bodyLimits(limits: BodyLimits): MiddlewareHandler<AppEnv> {
  const refuse = (kind: keyof BodyLimits) => () => {
    throw new ApiProblem(
      "PAYLOAD_TOO_LARGE",
      `${kind === "csv" ? "CSV" : "JSON"} request bodies are limited to ${limits[kind]} bytes`,
    );
  };
  const streamed = {
    json: bodyLimit({ maxSize: limits.json, onError: refuse("json") }),
    csv: bodyLimit({ maxSize: limits.csv, onError: refuse("csv") }),
  };
  return (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const kind = CSV.test(c.req.header("Content-Type") ?? "") ? "csv" : "json";
    const length = c.req.header("Content-Length");
    if (length !== undefined && c.req.header("Transfer-Encoding") === undefined) {
      if (!/^\d+$/.test(length)) throw new ApiProblem("BAD_REQUEST", "Content-Length must be a whole number of bytes");
      if (Number(length) > limits[kind]) refuse(kind)();
      return next();
    }
    return streamed[kind](c, next);
  };
}
