import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./AppEnv.js";
import { allows, type Permission } from "./entitlements.js";
import { ApiProblem } from "./problem.js";

const BEARER = /^Bearer\s+(3c_[A-Za-z0-9_-]{43})$/;

/**
 * Authenticates the bearer key (by the SHA-256 of its secret) and sets `key` and `actor`.
 *
 * @returns the middleware
 * @throws ApiProblem `UNAUTHORIZED` for a missing, malformed, unknown or revoked key
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const match = BEARER.exec(c.req.header("Authorization") ?? "");
    const key = match?.[1] === undefined ? undefined : await c.var.store.findKey(match[1]);
    if (key === undefined) {
      c.header("WWW-Authenticate", 'Bearer realm="3c"');
      throw new ApiProblem("UNAUTHORIZED", "send a valid API key: Authorization: Bearer 3c_…");
    }
    c.set("key", key);
    c.set("actor", { keyId: key.id, name: key.name, partner: key.partner, role: key.role, requestId: c.var.requestId });
    await next();
  };
}

/**
 * The partnership a request is about, when the key belongs to it. A key of another partnership gets
 * 404, exactly as for a partnership that does not exist: no existence leak.
 *
 * @param c - the request context
 * @param permission - what the request does
 * @returns the partnership id
 * @throws ApiProblem `NOT_FOUND` for another partnership, `FORBIDDEN` when the role lacks the permission
 */
export function partnershipFor(c: Context<AppEnv>, permission: Permission): string {
  const id = c.req.param("partnership");
  if (id === undefined || id !== c.var.key.partnership)
    throw new ApiProblem("NOT_FOUND", `no partnership ${JSON.stringify(id)}`);
  requirePermission(c, permission);
  return id;
}

/**
 * Refuses a request whose key's role lacks a permission.
 *
 * @param c - the request context
 * @param permission - what the request does
 * @throws ApiProblem `FORBIDDEN`
 */
export function requirePermission(c: Context<AppEnv>, permission: Permission): void {
  if (!allows(c.var.key.role, permission))
    throw new ApiProblem("FORBIDDEN", `a ${c.var.key.role} key may not do this (${permission})`);
}

/**
 * The version a client says it read, from `If-Match: "3"` (or `W/"3"`); undefined without the header.
 *
 * @param c - the request context
 * @returns the expected version
 * @throws ApiProblem `VALIDATION_FAILED` for a malformed header
 */
export function expectedVersion(c: Context<AppEnv>): number | undefined {
  const header = c.req.header("If-Match");
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (m?.[1] === undefined)
    throw new ApiProblem("VALIDATION_FAILED", 'If-Match must be an ETag from this API, e.g. "3"', [
      { path: "If-Match", message: 'expected "<version>"' },
    ]);
  return Number(m[1]);
}

/**
 * Sets the ETag of a versioned resource.
 *
 * @param c - the request context
 * @param version - the resource's version
 */
export function setVersion(c: Context<AppEnv>, version: number): void {
  c.header("ETag", `"${version}"`);
}
