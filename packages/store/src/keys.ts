import { createHash, randomBytes } from "node:crypto";
import type { Actor, Role } from "./Actor.js";
import type { Queryable } from "./db/index.js";
import { type StoreContext, write } from "./StoreContext.js";
import { StoreError } from "./StoreError.js";

/** A stored API key: never its secret, only the secret's hash. */
export interface ApiKey {
  readonly id: string;
  readonly partnership: string;
  readonly partner: string;
  readonly role: Role;
  /** Who the key was issued to, e.g. `alice@hdc`. */
  readonly name: string;
  readonly createdAt: string;
}

/** A new key and its secret, which is shown once and never stored. */
export interface IssuedKey {
  readonly key: ApiKey;
  /** `3c_` followed by 32 random bytes in base64url. */
  readonly secret: string;
}

/**
 * The stored form of a key's secret: SHA-256, hex. A key has 256 random bits, so a fast hash is
 * enough; a slow password hash would only slow every request.
 *
 * @param secret - the bearer token
 * @returns lower-case hex
 */
export function hashKey(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * Issues an API key bound to one partnership, one partner and one role.
 *
 * @param ctx - database and clock
 * @param input - partnership, partner, role and who it is for
 * @param actor - who issues it (an admin key, or the system)
 * @param options - `firstAdmin`: issue it only as the partner's first live admin key (checked in
 *   the write's transaction, which writes to the partnership serialise, so two at once give one)
 * @returns the key and its secret (shown once)
 * @throws StoreError `NOT_FOUND` for an unknown partnership, `INVALID_INPUT` for an unknown partner,
 *   `NOT_PERMITTED` with `firstAdmin` when the key is not an admin key or the partner has one
 */
export function createKey(
  ctx: StoreContext,
  input: { readonly partnership: string; readonly partner: string; readonly role: Role; readonly name: string },
  actor: Actor,
  options: { readonly firstAdmin?: boolean } = {},
): Promise<IssuedKey> {
  return write(ctx, input.partnership, actor, `key for ${input.partner}`, async (tx, at) => {
    if (options.firstAdmin === true) {
      const admins = await tx.query<{ id: string }>(
        "SELECT id FROM api_keys WHERE partnership_id = $1 AND partner_id = $2 AND role = 'admin' AND revoked_at IS NULL",
        [input.partnership, input.partner],
      );
      if (input.role !== "admin" || admins.length > 0)
        throw new StoreError(
          "NOT_PERMITTED",
          `only ${input.partner}'s first admin key may be issued here, while it has none; ${input.partner}'s admin issues the rest`,
        );
    }
    const secret = `3c_${randomBytes(32).toString("base64url")}`;
    const id = `key_${randomBytes(9).toString("base64url")}`;
    await tx.query(
      "INSERT INTO api_keys (id, hash, partnership_id, partner_id, role, name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [id, hashKey(secret), input.partnership, input.partner, input.role, input.name, at],
    );
    const key: ApiKey = { id, ...input, createdAt: at };
    return { result: { key, secret }, audit: { action: "key.create", target: `keys/${id}`, after: key } };
  });
}

interface KeyRow {
  id: string;
  partnership_id: string;
  partner_id: string;
  role: Role;
  name: string;
  created_at: string;
}

const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  partnership: r.partnership_id,
  partner: r.partner_id,
  role: r.role,
  name: r.name,
  createdAt: r.created_at,
});

/**
 * Finds the live key a bearer token belongs to.
 *
 * @param q - database or transaction
 * @param secret - the bearer token
 * @returns the key, or undefined when unknown or revoked
 */
export function findKey(q: Queryable, secret: string): Promise<ApiKey | undefined> {
  return findKeyByHash(q, hashKey(secret));
}

/**
 * Finds the live key whose secret has a hash.
 *
 * @param q - database or transaction
 * @param hash - the SHA-256 of the bearer token, as {@link hashKey} gives it
 * @returns the key, or undefined when unknown or revoked
 */
export async function findKeyByHash(q: Queryable, hash: string): Promise<ApiKey | undefined> {
  const rows = await q.query<KeyRow>(
    "SELECT id, partnership_id, partner_id, role, name, created_at FROM api_keys WHERE hash = $1 AND revoked_at IS NULL",
    [hash],
  );
  const row = rows[0];
  return row === undefined ? undefined : toKey(row);
}

/**
 * Lists a partnership's live keys (without secrets).
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @returns the keys, oldest first
 */
export async function listKeys(q: Queryable, partnershipId: string): Promise<ApiKey[]> {
  const rows = await q.query<KeyRow>(
    "SELECT id, partnership_id, partner_id, role, name, created_at FROM api_keys WHERE partnership_id = $1 AND revoked_at IS NULL ORDER BY created_at, id",
    [partnershipId],
  );
  return rows.map(toKey);
}

/**
 * Revokes a key: it stops working at once; the record stays for the audit log.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param id - the key's id
 * @param actor - who revokes it
 * @returns the revoked key
 * @throws StoreError `NOT_FOUND` for a key not in this partnership or already revoked
 */
export function revokeKey(ctx: StoreContext, partnershipId: string, id: string, actor: Actor): Promise<ApiKey> {
  return write(ctx, partnershipId, actor, `key ${id}`, async (tx, at) => {
    const rows = await tx.query<KeyRow>(
      "UPDATE api_keys SET revoked_at = $3 WHERE partnership_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id, partnership_id, partner_id, role, name, created_at",
      [partnershipId, id, at],
    );
    const row = rows[0];
    if (row === undefined) throw new StoreError("NOT_FOUND", `no live key ${JSON.stringify(id)}`);
    const key = toKey(row);
    return { result: key, audit: { action: "key.revoke", target: `keys/${id}`, before: key } };
  });
}
