import { canonicalJson, sha256Hex } from "@3c/domain";
import type { AuditRecord } from "./AuditRecord.js";

/**
 * The hash of an audit record in its chain: SHA-256 over the previous hash followed by the record's
 * canonical JSON, so changing, removing or reordering any record breaks every hash after it.
 *
 * @param prevHash - hash of the record before (or the genesis hash)
 * @param record - the record
 * @returns lower-case hex SHA-256
 */
export function auditHash(prevHash: string, record: AuditRecord): string {
  return sha256Hex(prevHash + canonicalJson(record));
}

/**
 * SHA-256 of a value's canonical JSON, or null for no value: the before/after hashes of a write.
 *
 * @param value - what to hash
 * @returns the hash, or null
 */
export function contentHash(value: unknown): string | null {
  return value === undefined ? null : sha256Hex(canonicalJson(value));
}
