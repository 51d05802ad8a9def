import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import type { Database } from "../db/Database.js";
import { asDatabase } from "../db/openPglite.js";
import { migrate } from "../migrations/migrate.js";

/** The name under which the global set-up hands the test files its migrated data directory. */
export const MIGRATED_PGLITE = "migratedPglite";

declare module "vitest" {
  export interface ProvidedContext {
    /** The path of a tar of a PGlite data directory with every migration applied (`globalSetup.ts`). */
    [MIGRATED_PGLITE]: string;
  }
}

/**
 * Opens a PGlite database with every migration applied, for a test: loaded from the data directory
 * the suite's global set-up migrated once for the run (`loadDataDir`), which skips creating the
 * database (initdb) and migrating it, or created and migrated here when there is none (a test run
 * without that set-up). The migrations are applied either way, so a dump missing one could not pass
 * unnoticed; on a loaded one they find nothing to do.
 *
 * @param dataDir - a data directory to write it to (empty or missing); omitted for memory
 * @returns the open, migrated database
 */
export async function openMigratedPglite(dataDir?: string): Promise<Database> {
  const dump = inject(MIGRATED_PGLITE) as string | undefined;
  const pg = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(dump === undefined ? {} : { loadDataDir: new Blob([readFileSync(dump)]) }),
  });
  const db = asDatabase(pg);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
