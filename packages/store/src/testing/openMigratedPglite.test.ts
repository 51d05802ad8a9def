import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, inject, it } from "vitest";
import type { Database } from "../db/Database.js";
import { asDatabase, openPglite } from "../db/openPglite.js";
import { migrate } from "../migrations/migrate.js";
import { MIGRATED_PGLITE, openMigratedPglite } from "./openMigratedPglite.js";

/** What the migrations make: applied migrations, columns, constraints and indexes of the schema. */
async function schemaOf(db: Database) {
  return {
    migrations: await db.query("SELECT id, name FROM schema_migrations ORDER BY id"),
    columns: await db.query(
      `SELECT table_name, column_name, data_type, column_default, is_nullable FROM information_schema.columns
       WHERE table_schema = current_schema() ORDER BY table_name, column_name`,
    ),
    constraints: await db.query(
      `SELECT conrelid::regclass::text AS relation, conname, pg_get_constraintdef(oid) AS def, condeferrable, condeferred
       FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY relation, conname`,
    ),
    indexes: await db.query(
      "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY tablename, indexname",
    ),
  };
}

// The test files' PGlite databases are loaded from a copy the global set-up migrated once for the
// run: that copy must be what migrating an empty database makes, with nothing left to apply.
describe("the run's migrated PGlite", () => {
  it("is made by the global set-up on PGlite runs, holds what migrating an empty database makes, and has nothing left to apply", async () => {
    const dump = inject(MIGRATED_PGLITE);
    const url = process.env.TEST_DATABASE_URL;
    if (url !== undefined && url !== "") {
      // On a server run each file migrates a schema of its own: no copy is made.
      expect(dump).toBeUndefined();
      return;
    }
    expect(dump).toBeTypeOf("string");
    const loaded = asDatabase(await PGlite.create({ loadDataDir: new Blob([readFileSync(dump)]) }));
    const fresh = await openPglite();
    try {
      expect((await migrate(fresh)).length).toBeGreaterThan(0);
      expect(await migrate(loaded)).toEqual([]);
      expect(await schemaOf(loaded)).toEqual(await schemaOf(fresh));
    } finally {
      await Promise.all([loaded.close(), fresh.close()]);
    }
  });

  it("opens in a data directory with every migration applied and no data", async () => {
    const dir = mkdtempSync(join(tmpdir(), "3c-migrated-"));
    try {
      const db = await openMigratedPglite(dir);
      try {
        expect(await migrate(db)).toEqual([]);
        expect(await db.query("SELECT count(*)::int AS n FROM partnerships")).toEqual([{ n: 0 }]);
      } finally {
        await db.close();
      }
      expect(existsSync(join(dir, "PG_VERSION"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
