import pg from "pg";
import type { Database, Queryable } from "./Database.js";

/** Options of {@link openPostgres}. */
export interface PostgresOptions {
  /** Work inside this schema (created if missing): lets test files share one server database. */
  readonly schema?: string;
  /** Most connections the pool opens; default 10. */
  readonly max?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    async exec(sql: string) {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

/**
 * Opens a PostgreSQL server database through a `pg` connection pool.
 *
 * @param url - connection string, e.g. `postgres://user:pass@localhost:5432/threec`
 * @param options - schema and pool size
 * @returns the database
 * @throws Error when the schema name is not a plain lower-case identifier
 * @example const db = await openPostgres(process.env.DATABASE_URL);
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const { schema } = options;
  if (schema !== undefined) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`schema ${JSON.stringify(schema)} is not a plain identifier`);
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const self = wrap(pool);
  return {
    kind: "postgres",
    ...self,
    transaction: (fn) => inTransaction(pool, "BEGIN", fn),
    snapshot: (fn) => inTransaction(pool, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn),
    close: () => pool.end(),
  };
}

/**
 * Runs `fn` in a transaction on one client of the pool, begun by `begin`: committed when it
 * resolves, rolled back when it throws.
 */
async function inTransaction<T>(pool: pg.Pool, begin: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(wrap(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
