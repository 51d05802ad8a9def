import type { Actor } from "./Actor.js";
import { type AuditEntry, appendAudit, lockChainHead } from "./audit/index.js";
import type { Database, Queryable } from "./db/index.js";
import { StoreError } from "./StoreError.js";

/** What every store operation needs: the database and a clock (the store may read one; the domain never does). */
export interface StoreContext {
  readonly db: Database;
  /** The current instant as ISO text. */
  readonly now: () => string;
}

/**
 * What a write gives back: its result and what the audit log records of it — nothing when the write
 * found the data already as it would leave it and stored nothing.
 */
export interface WriteOutcome<T> {
  readonly result: T;
  readonly audit: AuditEntry | undefined;
}

/** PostgreSQL error codes the store turns into its own. */
const UNIQUE_VIOLATION = "23505";
const FOREIGN_KEY_VIOLATION = "23503";

/**
 * Translates a database constraint error into a {@link StoreError}; anything else is returned as is.
 *
 * @param error - the caught value
 * @param what - the thing being written, for the message
 * @returns the error to throw
 */
export function translateDbError(error: unknown, what: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === UNIQUE_VIOLATION) return new StoreError("ALREADY_EXISTS", `${what} already exists`);
  if (code === FOREIGN_KEY_VIOLATION) {
    const detail = (error as { detail?: unknown }).detail;
    return new StoreError(
      "INVALID_INPUT",
      `${what} refers to something that does not exist${typeof detail === "string" ? `: ${detail}` : ""}`,
    );
  }
  return error;
}

/**
 * Runs one write of a partnership as one transaction: locks the partnership's audit chain head (which
 * serialises writes to the partnership across processes), does the work, appends the audit record,
 * and commits — or rolls everything back. Work that stored nothing (its outcome has no audit record)
 * appends none, so the chain head, and whatever is kept by it, stays as it was.
 *
 * @param ctx - database and clock
 * @param partnershipId - whose data is written
 * @param actor - who writes
 * @param what - what is written, for constraint error messages
 * @param fn - the work, given the transaction and the write's instant
 * @returns the work's result
 * @throws StoreError `NOT_FOUND` for an unknown partnership, `ALREADY_EXISTS` or `INVALID_INPUT` for
 *   constraint violations, and whatever `fn` throws
 */
export async function write<T>(
  ctx: StoreContext,
  partnershipId: string,
  actor: Actor,
  what: string,
  fn: (tx: Queryable, at: string) => Promise<WriteOutcome<T>>,
): Promise<T> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const head = await lockChainHead(tx, partnershipId);
      const at = ctx.now();
      const outcome = await fn(tx, at);
      if (outcome.audit !== undefined) await appendAudit(tx, partnershipId, head, actor, outcome.audit, at);
      return outcome.result;
    });
  } catch (error) {
    throw translateDbError(error, what);
  }
}
