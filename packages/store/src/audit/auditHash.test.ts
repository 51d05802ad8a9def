import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AuditRecord, GENESIS_HASH } from "./AuditRecord.js";
import { auditHash } from "./auditHash.js";

const record: AuditRecord = {
  seq: 1,
  at: "2025-01-01T00:00:00.000Z",
  keyId: "key_1",
  actor: "alice@hdc",
  partner: "HDC",
  role: "finance",
  action: "cost-lines.import",
  target: "cost-lines",
  requestId: "r1",
  beforeHash: null,
  afterHash: "ab".repeat(32),
};
const textFields = ["at", "keyId", "actor", "action", "target", "requestId"] as const;

describe("audit hashes", () => {
  it("change when any field of a record changes", () => {
    const original = auditHash(GENESIS_HASH, record);
    fc.assert(
      fc.property(fc.constantFrom(...textFields), fc.string({ minLength: 1, maxLength: 20 }), (field, text) => {
        fc.pre(text !== record[field]);
        expect(auditHash(GENESIS_HASH, { ...record, [field]: text })).not.toBe(original);
      }),
      { numRuns: 1000 },
    );
  });

  it("chain: the same record after another history hashes differently", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), (prev) => {
        fc.pre(prev !== GENESIS_HASH);
        expect(auditHash(prev, record)).not.toBe(auditHash(GENESIS_HASH, record));
      }),
      { numRuns: 1000 },
    );
  });

  it("do not depend on the order of the record's keys", () => {
    const reversed = Object.fromEntries(Object.entries(record).reverse()) as unknown as AuditRecord;
    expect(auditHash(GENESIS_HASH, reversed)).toBe(auditHash(GENESIS_HASH, record));
  });
});
