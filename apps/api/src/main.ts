import { parseArgs } from "node:util";
import { databaseConfigFromEnv, Store } from "@3c/store";
import { serve } from "@hono/node-server";
import pino from "pino";
import { seedDemoOnce } from "./cli/seedDemo.js";
import { createApp } from "./http/createApp.js";

// `npm start -w apps/api [-- --demo] [--port 8080]`: the database is DATABASE_URL (a PostgreSQL
// server) or DATA_DIR (PGlite on disk, default ./.3c-data); migrations are applied at start.
const { values } = parseArgs({
  options: { demo: { type: "boolean", default: false }, port: { type: "string" }, host: { type: "string" } },
});
const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
const keyCacheSeconds = process.env.KEY_CACHE_SECONDS;
const store = await Store.open(
  databaseConfigFromEnv(process.env),
  keyCacheSeconds === undefined || keyCacheSeconds === ""
    ? {}
    : { keyCache: { ttlMs: Number(keyCacheSeconds) * 1000 } },
);

if (values.demo) {
  const keys = await seedDemoOnce(store);
  if (keys.length === 0) {
    logger.info("demo partnership 3c already seeded; its keys were printed at first start");
  } else {
    process.stdout.write("\nDemo partnership 3c seeded. API keys (shown once, stored only as hashes):\n\n");
    for (const k of keys) process.stdout.write(`  ${k.partner.padEnd(5)} ${k.role.padEnd(9)} ${k.secret}\n`);
    process.stdout.write("\n");
  }
}

const bytes = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const perMinute = bytes("RATE_LIMIT_PER_MINUTE");
const app = createApp({
  store,
  logger,
  ...(bytes("MAX_JSON_BYTES") === undefined ? {} : { maxJsonBytes: bytes("MAX_JSON_BYTES") as number }),
  ...(bytes("MAX_CSV_BYTES") === undefined ? {} : { maxCsvBytes: bytes("MAX_CSV_BYTES") as number }),
  ...(perMinute === undefined
    ? {}
    : { rateLimit: perMinute === 0 ? false : { requests: perMinute, windowSeconds: 60 } }),
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const server = serve({ fetch: app.fetch, port, hostname: values.host ?? process.env.HOST ?? "127.0.0.1" }, (info) => {
  const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
  logger.info({ port: info.port, database: store.db.kind }, `3c API listening on ${url}`);
  process.stdout.write(`\n3c API:  ${url}\nDocs:    ${url}/docs\nOpenAPI: ${url}/openapi.json\n\n`);
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: finishing requests in flight");
  // Refuse new connections, let requests in flight finish, then close the database (PGlite flushes).
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close(() => {
    store
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  });
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
