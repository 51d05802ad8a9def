import { PGlite } from "@electric-sql/pglite";
import type { Database, Queryable } from "./Database.js";

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
 * PGlite has one connection, so its transactions run one after another.
 *
 * @param dataDir - directory holding the data; omitted for an in-memory database
 * @returns the database
 * @example const db = await openPglite("./.3c-data");
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pg = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  const self = wrap(pg);
  return {
    kind: "pglite",
    ...self,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}
