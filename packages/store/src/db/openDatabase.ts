import type { Database } from "./Database.js";
import { openPglite } from "./openPglite.js";
import { openPostgres } from "./openPostgres.js";

/** Where the data lives: a PostgreSQL server, or a PGlite data directory (or memory). */
export type DatabaseConfig =
  | { readonly url: string; readonly schema?: string }
  | { readonly dataDir: string }
  | { readonly memory: true };

/** The default PGlite data directory when neither `DATABASE_URL` nor `DATA_DIR` is set. */
export const DEFAULT_DATA_DIR = "./.3c-data";

/**
 * Chooses the database from environment variables: `DATABASE_URL` (a server), else `DATA_DIR`, else
 * {@link DEFAULT_DATA_DIR} (PGlite on disk). The caller passes the environment: the store reads none.
 *
 * @param env - the environment variables
 * @returns the configuration
 */
export function databaseConfigFromEnv(env: Readonly<Record<string, string | undefined>>): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== "") return { url };
  return { dataDir: env.DATA_DIR !== undefined && env.DATA_DIR !== "" ? env.DATA_DIR : DEFAULT_DATA_DIR };
}

/**
 * Opens the configured database.
 *
 * @param config - server URL, data directory or memory
 * @returns the open database
 */
export function openDatabase(config: DatabaseConfig): Promise<Database> {
  if ("url" in config) return openPostgres(config.url, config.schema === undefined ? {} : { schema: config.schema });
  if ("dataDir" in config) return openPglite(config.dataDir);
  return openPglite();
}
