import { PGlite } from "@electric-sql/pglite";
import type { Database, Queryable } from "./Database.js";
import { lockDataDir } from "./dataDirLock.js";

function wrap(q: Pick<PGlite, "query" | "exec">): Queryable {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

/**
 * Opens an embedded PostgreSQL (PGlite) database: on disk in `dataDir`, or in memory without one.
 * PGlite has one connection, so its transactions run one after another. A data directory is this
 * process's alone while open (`3c.lock` in it, released on close).
 *
 * @param dataDir - directory holding the data; omitted for an in-memory database
 * @returns the database
 * @throws StoreError `DATA_DIR_IN_USE` when another live process has the directory open
 * @example const db = await openPglite("./.3c-data");
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir === undefined) return asDatabase(await PGlite.create());
  const lock = lockDataDir(dataDir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  return asDatabase(pg, () => lock.release());
}

/**
 * The store's {@link Database} over an open PGlite: its queries, transactions and close (then
 * `closed`, e.g. a lock's release). For an instance made otherwise than by {@link openPglite}: the
 * tests' databases are loaded from a migrated copy (`src/testing/globalSetup.ts`).
 *
 * @param pg - the open PGlite
 * @param closed - called once the database is closed
 * @returns the database
 */
export function asDatabase(pg: PGlite, closed = () => {}): Database {
  return {
    kind: "pglite",
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    // One connection: a transaction holds it, so no write commits between the reads inside.
    snapshot: (fn) =>
      pg.transaction(async (tx) => {
        await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
        return fn(wrap(tx));
      }),
    close: async () => {
      try {
        await pg.close();
      } finally {
        closed();
      }
    },
  };
}
