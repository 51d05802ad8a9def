import { describe, expect, it } from "vitest";
import { openPglite } from "../db/index.js";
import { getRun } from "../runs.js";
import { MIGRATIONS } from "./index.js";
import { migrate } from "./migrate.js";

describe("migration 16 (discarding a draft run)", () => {
  it("leaves runs stored before it as they were, undiscarded; a discarded run names who, when and why", async () => {
    const db = await openPglite();
    try {
      await migrate(
        db,
        MIGRATIONS.filter((m) => m.id < 16),
      );
      await db.exec(`
        INSERT INTO partnerships (id, name, currency, settings, created_at) VALUES ('p1', 'P', 'GBP', '{}', 'then');
        INSERT INTO runs (partnership_id, id, seq, period, kind, status, options, manifest, output_hash, result, prepared_key, prepared_actor, prepared_at)
        VALUES ('p1', 'run-1', 1, '2024/25-Q1', 'recharge', 'draft', '{"issueDate":"2024-07-15","numbers":{}}', '{}', 'h', '{}', 'k', 'finance@a', 'then');
      `);
      expect(
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.id <= 16),
        ),
      ).toEqual([16]);
      expect(await getRun(db, "p1", "run-1")).toMatchObject({
        status: "draft",
        discardedBy: null,
        discardedAt: null,
        discardReason: null,
        version: 1,
      });
      // Discarded without saying who, or a draft that names a discarder, is refused by the schema.
      await expect(db.exec("UPDATE runs SET status = 'discarded'")).rejects.toThrow(/check constraint/);
      await expect(db.exec("UPDATE runs SET discard_reason = 'why'")).rejects.toThrow(/check constraint/);
      await expect(db.exec("UPDATE runs SET status = 'gone'")).rejects.toThrow(/check constraint/);
      await db.exec(
        "UPDATE runs SET status = 'discarded', discarded_key = 'k2', discarded_actor = 'finance@b', discarded_at = 'now', discard_reason = 'why'",
      );
      expect(await getRun(db, "p1", "run-1")).toMatchObject({ status: "discarded", discardedBy: "finance@b" });
    } finally {
      await db.close();
    }
  });
});
