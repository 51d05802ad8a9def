import type { Queryable } from "../db/index.js";
import { type AuditRecord, type ChainedAuditRecord, GENESIS_HASH } from "./AuditRecord.js";
import { auditHash } from "./auditHash.js";

/** The outcome of checking a partnership's audit chain. */
export interface AuditVerification {
  /** Whether every record hashes to its stored hash and links to the one before. */
  readonly valid: boolean;
  readonly records: number;
  /** The head hash, as recomputed. */
  readonly head: string;
  /** The first record that does not verify, and why. */
  readonly firstBroken?: { readonly seq: number; readonly reason: string };
}

/**
 * Reads a partnership's whole audit log and recomputes the chain: every record's hash from the one
 * before and its content, every sequence number in order, and the stored head.
 *
 * @param db - database or transaction
 * @param partnershipId - the partnership
 * @returns whether the chain verifies, and where it first breaks if not
 */
export async function verifyAudit(db: Queryable, partnershipId: string): Promise<AuditVerification> {
  const rows = await db.query<{ seq: string; record: AuditRecord; prev_hash: string; hash: string }>(
    "SELECT seq::text AS seq, record, prev_hash, hash FROM audit_log WHERE partnership_id = $1 ORDER BY audit_log.seq",
    [partnershipId],
  );
  const heads = await db.query<{ seq: string; hash: string }>(
    "SELECT seq::text AS seq, hash FROM audit_heads WHERE partnership_id = $1",
    [partnershipId],
  );
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of rows) {
    const seq = Number(row.seq);
    const broken = (reason: string): AuditVerification => ({
      valid: false,
      records: rows.length,
      head: prev,
      firstBroken: { seq, reason },
    });
    if (seq !== expectedSeq) return broken(`expected record ${expectedSeq}, found ${seq}`);
    if (Number(row.record.seq) !== seq) return broken("the record's own sequence number differs from its place");
    if (row.prev_hash !== prev) return broken("does not link to the hash of the record before");
    const hash = auditHash(prev, row.record);
    if (hash !== row.hash) return broken("its content does not hash to the stored hash");
    prev = hash;
    expectedSeq += 1;
  }
  const head = heads[0];
  if (head !== undefined && (Number(head.seq) !== rows.length || head.hash !== prev)) {
    return {
      valid: false,
      records: rows.length,
      head: prev,
      firstBroken: { seq: rows.length, reason: "the chain head does not match the last record (records removed?)" },
    };
  }
  return { valid: true, records: rows.length, head: prev };
}

/**
 * Lists a partnership's audit records, oldest first, a page at a time.
 *
 * @param db - database or transaction
 * @param partnershipId - the partnership
 * @param after - return records after this sequence number
 * @param limit - at most this many
 * @returns the records with their hashes
 */
export async function listAudit(
  db: Queryable,
  partnershipId: string,
  after: number,
  limit: number,
): Promise<ChainedAuditRecord[]> {
  const rows = await db.query<{ record: AuditRecord; prev_hash: string; hash: string }>(
    "SELECT record, prev_hash, hash FROM audit_log WHERE partnership_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    [partnershipId, after, limit],
  );
  return rows.map((r) => ({ ...r.record, prevHash: r.prev_hash, hash: r.hash }));
}
