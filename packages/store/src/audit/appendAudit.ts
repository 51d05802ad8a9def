import type { Actor } from "../Actor.js";
import type { Queryable } from "../db/index.js";
import { StoreError } from "../StoreError.js";
import type { AuditRecord } from "./AuditRecord.js";
import { auditHash, contentHash } from "./auditHash.js";

/** The head of a partnership's chain, locked for the rest of the transaction. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Locks a partnership's audit chain head (`SELECT … FOR UPDATE`). Every write takes this lock first,
 * so writes to one partnership are serialised on a server with several API processes: the chain
 * stays linear and checks made inside the write (closed periods, run status) cannot race.
 *
 * @param tx - the open transaction
 * @param partnershipId - the partnership
 * @returns the current head
 * @throws StoreError `NOT_FOUND` when the partnership does not exist
 */
export async function lockChainHead(tx: Queryable, partnershipId: string): Promise<ChainHead> {
  const rows = await tx.query<{ seq: string; hash: string }>(
    "SELECT seq::text AS seq, hash FROM audit_heads WHERE partnership_id = $1 FOR UPDATE",
    [partnershipId],
  );
  const head = rows[0];
  if (head === undefined) throw new StoreError("NOT_FOUND", `no partnership ${JSON.stringify(partnershipId)}`);
  return { seq: Number(head.seq), hash: head.hash };
}

/** What a write records about itself. */
export interface AuditEntry {
  readonly action: string;
  readonly target: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * Appends one record to a partnership's chain, in the caller's transaction, after its head was
 * locked with {@link lockChainHead}.
 *
 * @param tx - the open transaction
 * @param partnershipId - the partnership
 * @param head - the locked head
 * @param actor - who made the write
 * @param entry - what was done, and the state before and after
 * @param at - ISO instant of the write
 * @returns the new head
 */
export async function appendAudit(
  tx: Queryable,
  partnershipId: string,
  head: ChainHead,
  actor: Actor,
  entry: AuditEntry,
  at: string,
): Promise<ChainHead> {
  const record: AuditRecord = {
    seq: head.seq + 1,
    at,
    keyId: actor.keyId,
    actor: actor.name,
    partner: actor.partner,
    role: actor.role,
    action: entry.action,
    target: entry.target,
    requestId: actor.requestId,
    beforeHash: contentHash(entry.before),
    afterHash: contentHash(entry.after),
  };
  const hash = auditHash(head.hash, record);
  await tx.query("INSERT INTO audit_log (partnership_id, seq, record, prev_hash, hash) VALUES ($1, $2, $3, $4, $5)", [
    partnershipId,
    record.seq,
    JSON.stringify(record),
    head.hash,
    hash,
  ]);
  await tx.query("UPDATE audit_heads SET seq = $2, hash = $3 WHERE partnership_id = $1", [
    partnershipId,
    record.seq,
    hash,
  ]);
  return { seq: record.seq, hash };
}
