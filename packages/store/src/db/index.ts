export type { Database, Queryable } from "./Database.js";
export { type DatabaseConfig, DEFAULT_DATA_DIR, databaseConfigFromEnv, openDatabase } from "./openDatabase.js";
export { openPglite } from "./openPglite.js";
export { openPostgres, type PostgresOptions } from "./openPostgres.js";
