import type { Queryable } from "../db/index.js";

/**
 * A partnership's data state: the head of its audit chain. Every write of the partnership's data
 * appends one audit record in its own transaction (`write`), so the head moves with every write
 * and never comes back: two reads that see the same head see the same data. The hash (which chains
 * every earlier record) tells apart two histories that reach the same `seq`, e.g. after a restore.
 */
export interface DataState {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Reads a partnership's data state.
 *
 * @param q - database or transaction (a snapshot, to agree with the data read beside it)
 * @param partnershipId - the partnership
 * @returns the head, or undefined for an unknown partnership
 */
export async function readDataState(q: Queryable, partnershipId: string): Promise<DataState | undefined> {
  const rows = await q.query<{ seq: string; hash: string }>(
    "SELECT seq::text AS seq, hash FROM audit_heads WHERE partnership_id = $1",
    [partnershipId],
  );
  const head = rows[0];
  return head === undefined ? undefined : { seq: Number(head.seq), hash: head.hash };
}

/** Whether two data states are the same. */
export const sameState = (a: DataState, b: DataState): boolean => a.seq === b.seq && a.hash === b.hash;
