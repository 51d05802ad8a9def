import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./AppEnv.js";
import { ApiProblem } from "./problem.js";

const KEY = /^[\x21-\x7e]{1,255}$/;
/** The methods that change something: each is made safe to retry by a key. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Response headers replayed with a stored response. */
const KEPT = ["content-type", "etag", "location"] as const;

/**
 * What an idempotency key is bound to: SHA-256 of the method, path (with its query, when one is given), content type and body bytes.
 *
 * @param method - HTTP method
 * @param path - the path, with its query when one is given (`…/settings?effectiveFrom=2026/27`)
 * @param contentType - the Content-Type header, or ""
 * @param body - the body's bytes
 * @returns the hex hash
 */
export function requestHash(method: string, path: string, contentType: string, body: Uint8Array): string {
  return createHash("sha256").update(`${method} ${path}\n${contentType}\n`).update(body).digest("hex");
}

/**
 * `Idempotency-Key` on every POST, PUT, PATCH and DELETE under `/v1` (after authentication): the
 * first request with a key is handled and its answer stored in the database; the same key with the
 * same method, path, query and body gets that answer again (with `Idempotent-Replayed: true`); with another
 * request, 422; while the first is still being handled, 409. Keys are scoped to the API key. An answer of 500 or more is
 * not stored: the key is released and the client may retry.
 *
 * @returns the middleware
 * @throws ApiProblem `VALIDATION_FAILED` for a malformed key, `IDEMPOTENCY_KEY_REUSED`,
 *   `IDEMPOTENCY_IN_FLIGHT`
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header("Idempotency-Key");
    if (!UNSAFE_METHODS.has(c.req.method) || given === undefined) return next();
    if (!KEY.test(given))
      throw new ApiProblem("VALIDATION_FAILED", "Idempotency-Key must be 1 to 255 visible ASCII characters", [
        { path: "Idempotency-Key", message: "expected 1 to 255 visible ASCII characters, e.g. a UUID" },
      ]);
    const body = new Uint8Array(await c.req.arrayBuffer());
    // The query is part of the request (`PUT …/settings?effectiveFrom=2026/27` proposes another year).
    const hash = requestHash(
      c.req.method,
      c.req.path + new URL(c.req.url).search,
      c.req.header("Content-Type") ?? "",
      body,
    );
    const { store, key } = c.var;
    const claim = await store.claimIdempotencyKey(key.id, given, hash);
    if (claim.kind === "mismatch")
      throw new ApiProblem(
        "IDEMPOTENCY_KEY_REUSED",
        `Idempotency-Key ${JSON.stringify(given)} was used with another request; use a new key for a new request`,
      );
    if (claim.kind === "in-flight")
      throw new ApiProblem(
        "IDEMPOTENCY_IN_FLIGHT",
        `the request with Idempotency-Key ${JSON.stringify(given)} is still being handled; retry shortly`,
      );
    if (claim.kind === "replay") {
      const { status, headers, body: text } = claim.response;
      return c.body(text, status as 200, { ...headers, "Idempotent-Replayed": "true" });
    }
    try {
      await next();
    } catch (error) {
      await store.releaseIdempotencyKey(key.id, given);
      throw error;
    }
    if (c.res.status >= 500) {
      await store.releaseIdempotencyKey(key.id, given);
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT) {
      const value = c.res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const text = await c.res.clone().text();
    await store.completeIdempotencyKey(key.id, given, { status: c.res.status, headers, body: text });
  };
}
