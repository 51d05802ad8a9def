import { describe, expect, it } from "vitest";
import { openPglite } from "../db/index.js";
import { MIGRATIONS } from "./index.js";
import { migrate } from "./migrate.js";

const audit = (seq: number, action: string, target: string, partner: string | null, keyId: string) =>
  JSON.stringify({ seq, action, target, partner, keyId, actor: "someone", role: "finance" });

describe("migration 9 (version endings)", () => {
  it("takes the proposer's partner and key of versions proposed before it from their propose audit records", async () => {
    const db = await openPglite();
    try {
      expect(
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.id < 9),
        ),
      ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      await db.exec(`
        INSERT INTO partnerships (id, name, currency, settings, created_at) VALUES ('p1', 'P', 'GBP', '{}', 'then');
        INSERT INTO partners (partnership_id, id, name) VALUES ('p1', 'A', 'A'), ('p1', 'B', 'B');
        INSERT INTO services (partnership_id, id, name, lead) VALUES ('p1', 'ICT', 'ICT', 'A');
        INSERT INTO rule_versions (partnership_id, id, service_id, effective_from, document, status, proposed_by, proposed_at)
          VALUES ('p1', 'r1', 'ICT', '2025-04-01', '{}', 'proposed', 'finance@b', 'then'),
                 ('p1', 'r2', 'ICT', '2025-05-01', '{}', 'active', 'system', 'then');
        INSERT INTO term_versions (partnership_id, id, seq, section, body, status, proposed_by, proposed_at)
          VALUES ('p1', 'terms-1', 1, 'kpiScheme', '{}', 'proposed', 'admin@a', 'then');
      `);
      for (const [seq, action, target, partner, key] of [
        [1, "rule.propose", "rules/r1", "B", "key-b"],
        [2, "rule.propose", "rules/r2", null, "system"],
        [3, "rule.consent", "rules/r1", "A", "key-a"],
        [4, "terms.propose", "terms/terms-1", "A", "key-admin-a"],
      ] as const)
        await db.query(
          "INSERT INTO audit_log (partnership_id, seq, record, prev_hash, hash) VALUES ('p1', $1, $2, '', '')",
          [seq, audit(seq, action, target, partner, key)],
        );
      expect(
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.id <= 9),
        ),
      ).toEqual([9]);
      expect(
        await db.query("SELECT id, status, proposed_partner, proposed_key FROM rule_versions ORDER BY id"),
      ).toEqual([
        { id: "r1", status: "proposed", proposed_partner: "B", proposed_key: "key-b" },
        { id: "r2", status: "active", proposed_partner: null, proposed_key: "system" },
      ]);
      expect(await db.query("SELECT id, proposed_partner, proposed_key FROM term_versions")).toEqual([
        { id: "terms-1", proposed_partner: "A", proposed_key: "key-admin-a" },
      ]);
      await db.exec("UPDATE rule_versions SET status = 'withdrawn' WHERE id = 'r1'");
      await expect(db.exec("UPDATE term_versions SET status = 'gone'")).rejects.toThrow(/check constraint/);
    } finally {
      await db.close();
    }
  });
});
