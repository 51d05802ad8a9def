import type { Actor } from "../Actor.js";

/** One entry of a partnership's hash-chained audit log. */
export interface AuditRecord {
  readonly seq: number;
  /** ISO instant of the write. */
  readonly at: string;
  readonly keyId: string;
  readonly actor: string;
  readonly partner: string | null;
  readonly role: Actor["role"];
  /** What was done, e.g. `cost-lines.import`, `run.approve`. */
  readonly action: string;
  /** What it was done to, e.g. `runs/run-3`. */
  readonly target: string;
  readonly requestId: string;
  /** SHA-256 of the canonical JSON of the thing before and after the write (null if none). */
  readonly beforeHash: string | null;
  readonly afterHash: string | null;
}

/** A stored entry with its place in the chain. */
export interface ChainedAuditRecord extends AuditRecord {
  readonly prevHash: string;
  /** SHA-256 of `prevHash` followed by the canonical JSON of the record. */
  readonly hash: string;
}

/** The hash before the first record of every chain. */
export const GENESIS_HASH = "0".repeat(64);
