import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./AppEnv.js";
import { ApiProblem } from "./problem.js";

/** A per-key request budget: at most `requests` in each window of `windowSeconds`. */
export interface RateLimit {
  readonly requests: number;
  readonly windowSeconds: number;
}

/** The default budget per API key: 6,000 requests a minute (100 a second on average). */
export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 6000, windowSeconds: 60 };

/**
 * A fixed-window rate limit per API key (after authentication), in this process's memory: with
 * several API processes each allows the budget (put a shared limiter in front for a hard cap). A
 * shared counter in the database was measured at 0.35–0.56 ms a request on PGlite and left out
 * (docs/decisions.md).
 * Every answer carries `RateLimit-Limit` and `RateLimit-Remaining`; over budget, 429 problem+json
 * with `Retry-After` in seconds.
 *
 * @param limit - the budget
 * @param now - the clock in milliseconds (tests pass their own)
 * @returns the middleware
 * @throws ApiProblem `RATE_LIMITED`
 */
export function rateLimit(limit: RateLimit, now: () => number = Date.now): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  const span = limit.windowSeconds * 1000;
  return async (c, next) => {
    const t = now();
    const id = c.var.key.id;
    let w = windows.get(id);
    if (w === undefined || t - w.start >= span) {
      if (windows.size > 100_000) windows.clear();
      w = { start: t, count: 0 };
      windows.set(id, w);
    }
    w.count += 1;
    c.header("RateLimit-Limit", String(limit.requests));
    c.header("RateLimit-Remaining", String(Math.max(0, limit.requests - w.count)));
    if (w.count > limit.requests) {
      c.header("Retry-After", String(Math.max(1, Math.ceil((w.start + span - t) / 1000))));
      throw new ApiProblem(
        "RATE_LIMITED",
        `this key may send ${limit.requests} requests every ${limit.windowSeconds} s; retry after the time in Retry-After`,
      );
    }
    await next();
  };
}
