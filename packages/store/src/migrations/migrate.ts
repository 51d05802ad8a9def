import type { Database } from "../db/index.js";
import { MIGRATIONS, type Migration } from "./index.js";

/** Any fixed number: the key of the advisory lock that serialises migrating processes. */
const MIGRATION_LOCK = 3_0_3_0_2024;

/**
 * Applies the migrations not yet applied, in one transaction under a transaction-level advisory
 * lock, so processes starting together on one server migrate once and never half-way.
 *
 * @param db - the database
 * @param migrations - the list to apply (default: all of the store's)
 * @returns the ids applied by this call
 */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const rows = await tx.query<{ id: number }>("SELECT id FROM schema_migrations");
    const done = new Set(rows.map((r) => Number(r.id)));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
}
