import type { Queryable } from "./db/index.js";

/** A response stored under an idempotency key, to be sent again for the same request. */
export interface StoredResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What claiming an idempotency key found. */
export type IdempotencyClaim =
  /** The key is new (or its earlier attempt was abandoned): the caller handles the request. */
  | { readonly kind: "claimed" }
  /** The same request was answered: send this again. */
  | { readonly kind: "replay"; readonly response: StoredResponse }
  /** The same request is being handled right now. */
  | { readonly kind: "in-flight" }
  /** The key was used with another request. */
  | { readonly kind: "mismatch" };

/**
 * Claims an idempotency key for a request, atomically (a unique key, so two processes cannot both
 * claim it). A claim left without a response for longer than `staleAfterSeconds` (its process died)
 * is taken over.
 *
 * @param q - the database
 * @param keyId - the API key's id: idempotency keys are per API key
 * @param idempotencyKey - the client's key
 * @param requestHash - hash of method, path and body
 * @param now - the instant, ISO text
 * @param staleAfterSeconds - when an unanswered claim counts as abandoned
 * @returns what was found
 */
export async function claimIdempotencyKey(
  q: Queryable,
  keyId: string,
  idempotencyKey: string,
  requestHash: string,
  now: string,
  staleAfterSeconds = 60,
): Promise<IdempotencyClaim> {
  const inserted = await q.query<{ key_id: string }>(
    `INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, started_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key_id, idempotency_key) DO NOTHING RETURNING key_id`,
    [keyId, idempotencyKey, requestHash, now],
  );
  if (inserted.length === 1) return { kind: "claimed" };
  const [row] = await q.query<{
    request_hash: string;
    status: number | null;
    response_headers: Record<string, string> | null;
    response_body: string | null;
  }>(
    "SELECT request_hash, status, response_headers, response_body FROM idempotency_keys WHERE key_id = $1 AND idempotency_key = $2",
    [keyId, idempotencyKey],
  );
  if (row === undefined) return claimIdempotencyKey(q, keyId, idempotencyKey, requestHash, now, staleAfterSeconds);
  if (row.request_hash !== requestHash) return { kind: "mismatch" };
  if (row.status !== null)
    return {
      kind: "replay",
      response: { status: row.status, headers: row.response_headers ?? {}, body: row.response_body ?? "" },
    };
  const taken = await q.query<{ key_id: string }>(
    `UPDATE idempotency_keys SET started_at = $3
     WHERE key_id = $1 AND idempotency_key = $2 AND status IS NULL
       AND started_at < $3::timestamptz - make_interval(secs => $4)
     RETURNING key_id`,
    [keyId, idempotencyKey, now, staleAfterSeconds],
  );
  return taken.length === 1 ? { kind: "claimed" } : { kind: "in-flight" };
}

/**
 * Stores the response of a claimed key, for replay.
 *
 * @param q - the database
 * @param keyId - the API key's id
 * @param idempotencyKey - the client's key
 * @param response - what was answered
 */
export async function completeIdempotencyKey(
  q: Queryable,
  keyId: string,
  idempotencyKey: string,
  response: StoredResponse,
): Promise<void> {
  await q.query(
    "UPDATE idempotency_keys SET status = $3, response_headers = $4, response_body = $5 WHERE key_id = $1 AND idempotency_key = $2",
    [keyId, idempotencyKey, response.status, JSON.stringify(response.headers), response.body],
  );
}

/**
 * Releases a claimed key whose request failed unexpectedly, so that the client may retry it.
 *
 * @param q - the database
 * @param keyId - the API key's id
 * @param idempotencyKey - the client's key
 */
export async function releaseIdempotencyKey(q: Queryable, keyId: string, idempotencyKey: string): Promise<void> {
  await q.query("DELETE FROM idempotency_keys WHERE key_id = $1 AND idempotency_key = $2 AND status IS NULL", [
    keyId,
    idempotencyKey,
  ]);
}
