/** Something SQL can be sent to: the database itself, or one open transaction. */
export interface Queryable {
  /**
   * Runs one parameterised statement and returns its rows.
   *
   * @param sql - one statement with `$1…` placeholders
   * @param params - the placeholder values (strings, numbers, booleans, null, arrays, JSON text)
   * @returns the rows, as plain objects keyed by column name
   */
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs a script of several statements without parameters (migrations).
   *
   * @param sql - statements separated by semicolons
   */
  exec(sql: string): Promise<void>;
}

/** The store's whole view of a database: the same SQL runs on PGlite and on a PostgreSQL server. */
export interface Database extends Queryable {
  /** Which engine is underneath: `pglite` (embedded) or `postgres` (a server). */
  readonly kind: "pglite" | "postgres";
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   *
   * @param fn - the work, given the transaction to send its SQL to
   * @returns what `fn` returns
   * @throws whatever `fn` throws, after rolling back
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one read-only transaction that sees one snapshot of the database throughout
   * (PostgreSQL `REPEATABLE READ`; PGlite has one connection, so nothing commits while it runs):
   * reads of several statements that must agree, such as a partnership's data and its audit head.
   *
   * @param fn - the reads, given the transaction to send their SQL to
   * @returns what `fn` returns
   * @throws whatever `fn` throws, after rolling back
   */
  snapshot<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the database (flushes PGlite to disk, ends the server pool). */
  close(): Promise<void>;
}
