import { describe, expect, it } from "vitest";
import { openPglite } from "../db/index.js";
import { listTerms } from "../terms.js";
import { listTermsRecords, sectionsForYear } from "../termsInForce.js";
import { MIGRATIONS } from "./index.js";
import { migrate } from "./migrate.js";

describe("migration 11 (terms in force)", () => {
  it("leaves versions agreed before it in force from the beginning, with the stored section's terms for every year", async () => {
    const db = await openPglite();
    try {
      await migrate(
        db,
        MIGRATIONS.filter((m) => m.id < 11),
      );
      await db.exec(`
        INSERT INTO partnerships (id, name, currency, settings, created_at) VALUES ('p1', 'P', 'GBP', '{}', 'then');
        INSERT INTO partners (partnership_id, id, name) VALUES ('p1', 'A', 'A');
        INSERT INTO term_versions (partnership_id, id, seq, section, body, status, proposed_by, proposed_at, activated_at)
          VALUES ('p1', 'terms-1', 1, 'kpiScheme', '{"kind":"tolerance"}', 'active', 'admin@a', 'then', 'later');
        INSERT INTO scenario_sections (partnership_id, section, body, updated_at)
          VALUES ('p1', 'kpiScheme', '{"kind":"tolerance"}', now());
      `);
      expect(
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.id <= 11),
        ),
      ).toEqual([11]);
      expect((await listTerms(db, "p1")).map((t) => [t.id, t.status, t.effectiveFrom])).toEqual([
        ["terms-1", "active", null],
      ]);
      expect(await listTermsRecords(db, "p1")).toEqual([]);
      const stored = { kpiScheme: { kind: "tolerance" } } as const;
      const overlay = () => ({ kind: "improvement" });
      for (const year of ["2010/11", "2025/26"])
        expect(await sectionsForYear(db, "p1", stored, year, overlay)).toEqual(stored);
      await expect(db.exec("UPDATE term_versions SET effective_from = '2025/26-Q1'")).rejects.toThrow(
        /check constraint/,
      );
    } finally {
      await db.close();
    }
  });
});
