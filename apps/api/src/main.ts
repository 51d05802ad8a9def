import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { databaseConfigFromEnv, isStoreError, Store } from "@3c/store";
import { serve } from "@hono/node-server";
import pino from "pino";
import { bySize, CalculationPool, type Calculations, inlineCalculations } from "./calculate/index.js";
import { seedDemoOnce } from "./cli/seedDemo.js";
import { createApp } from "./http/createApp.js";

// `npm start -w apps/api [-- --demo] [--port 8080]`: the database is DATABASE_URL (a PostgreSQL
// server) or DATA_DIR (PGlite on disk, default ./.3c-data); migrations are applied at start.
// WEB_CONCURRENCY=N (N > 1, with DATABASE_URL) runs N API processes behind the one port.
const { values } = parseArgs({
  options: { demo: { type: "boolean", default: false }, port: { type: "string" }, host: { type: "string" } },
});
const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
const config = databaseConfigFromEnv(process.env);
const keyCacheSeconds = process.env.KEY_CACHE_SECONDS;
// How many lines' weight of years' scenarios and runs a process keeps for reports (0: none).
const reportCacheLines = process.env.REPORT_CACHE_LINES;
if (reportCacheLines !== undefined && reportCacheLines !== "" && !/^\d+$/.test(reportCacheLines))
  throw new Error(`REPORT_CACHE_LINES must be a whole number of lines (0 keeps nothing); got ${reportCacheLines}`);
const openStore = () =>
  Store.open(config, {
    ...(keyCacheSeconds === undefined || keyCacheSeconds === ""
      ? {}
      : { keyCache: { ttlMs: Number(keyCacheSeconds) * 1000 } }),
    ...(reportCacheLines === undefined || reportCacheLines === ""
      ? {}
      : { reportCache: Number(reportCacheLines) === 0 ? false : { maxLines: Number(reportCacheLines) } }),
  });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.host ?? process.env.HOST ?? "127.0.0.1";
/** How long no new connection must arrive after SIGTERM before the listening socket closes. */
const QUIET_MS = 200;
const urlOf = (address: string, p: number) => `http://${address.includes(":") ? `[${address}]` : address}:${p}`;
const printUrl = (url: string) =>
  process.stdout.write(`\n3c API:  ${url}\nDocs:    ${url}/docs\nOpenAPI: ${url}/openapi.json\n\n`);

let processes = Math.max(1, Math.floor(Number(process.env.WEB_CONCURRENCY ?? 1)) || 1);
if (processes > 1 && !("url" in config)) {
  // PGlite is one process's embedded database: a second process may not open its directory.
  logger.warn({ processes }, "WEB_CONCURRENCY > 1 needs DATABASE_URL (a PostgreSQL server); running one process");
  processes = 1;
}

// CALC_THREADS: worker threads per process for large POST /v1/calculate and /v1/validate bodies (0: all
// on the event loop; see CALC_INLINE_BYTES). By default
// the cores left over once each API process has one, and at least one.
const calcThreads = (() => {
  const given = process.env.CALC_THREADS;
  if (given !== undefined && given !== "") {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`CALC_THREADS must be a whole number ≥ 0, not ${JSON.stringify(given)}`);
    return n;
  }
  return Math.max(1, Math.floor(availableParallelism() / processes) - 1);
})();

async function seed(store: Store): Promise<void> {
  if (!values.demo) return;
  const keys = await seedDemoOnce(store);
  if (keys.length === 0) {
    logger.info("demo partnership 3c already seeded; its keys were printed at first start");
  } else {
    process.stdout.write("\nDemo partnership 3c seeded. API keys (shown once, stored only as hashes):\n\n");
    for (const k of keys) process.stdout.write(`  ${k.partner.padEnd(5)} ${k.role.padEnd(9)} ${k.secret}\n`);
    process.stdout.write("\n");
  }
}

try {
  if (processes > 1 && cluster.isPrimary) await primary(processes);
  else await worker(cluster.isWorker);
} catch (error) {
  // A database that cannot be opened (a PGlite directory another process holds, a server that
  // refuses) is said in one line, not a stack trace.
  if (!isStoreError(error)) throw error;
  logger.fatal({ code: error.code }, error.message);
  process.stderr.write(`3c API: ${error.message}\n`);
  process.exit(1);
}

/**
 * Several processes: this one migrates and seeds, then forks the API processes, which share the
 * listening socket (the primary hands connections out in turn), restarts one that dies, and on
 * SIGINT/SIGTERM passes the signal on and exits when they have finished.
 */
async function primary(n: number): Promise<void> {
  const store = await openStore();
  await seed(store);
  await store.close();
  let listening = 0;
  let alive = n;
  let stopping = false;
  cluster.on("listening", (_, address) => {
    listening += 1;
    if (listening !== n) return;
    const url = urlOf(address.address ?? hostname, address.port);
    logger.info({ port: address.port, processes: n, database: "postgres" }, `3c API listening on ${url}`);
    printUrl(url);
  });
  cluster.on("exit", (w, code, signal) => {
    if (stopping) {
      alive -= 1;
      if (alive === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (listening < n) {
      // Dying before every process listens is a start-up failure (port taken, database down): stop.
      logger.error({ pid: w.process.pid, code, signal }, "an API process failed to start");
      process.exitCode = 1;
      alive -= 1;
      if (alive === 0) process.exit(1);
      stop("SIGTERM");
      return;
    }
    logger.error({ pid: w.process.pid, code, signal }, "an API process died; starting another");
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down the API processes");
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(1), 12_000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  for (let i = 0; i < n; i++) cluster.fork();
}

/** One API process: alone, or one of the primary's (which has already migrated and seeded). */
async function worker(forked: boolean): Promise<void> {
  const store = await openStore();
  if (!forked) await seed(store);
  const bytes = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const perMinute = bytes("RATE_LIMIT_PER_MINUTE");
  const inlineBytes = bytes("CALC_INLINE_BYTES") ?? 64 * 1024;
  const calculations: Calculations =
    calcThreads === 0 ? inlineCalculations : bySize(new CalculationPool(calcThreads), inlineBytes);
  const app = createApp({
    store,
    logger,
    calculations,
    ...(bytes("MAX_JSON_BYTES") === undefined ? {} : { maxJsonBytes: bytes("MAX_JSON_BYTES") as number }),
    ...(bytes("MAX_CSV_BYTES") === undefined ? {} : { maxCsvBytes: bytes("MAX_CSV_BYTES") as number }),
    ...(perMinute === undefined
      ? {}
      : { rateLimit: perMinute === 0 ? false : { requests: perMinute, windowSeconds: 60 } }),
  });
  const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
    if (forked) return;
    const url = urlOf(info.address, info.port);
    logger.info(
      { port: info.port, database: store.db.kind, calcThreads: calculations.threads },
      `3c API listening on ${url}`,
    );
    printUrl(url);
  });

  // Graceful shutdown (decisions: "API: shutdown keeps listening until no connection arrives"). A
  // connection the kernel has queued but the busy event loop has not yet accepted is reset when the
  // listening socket closes, so on a signal the server keeps listening until 200 ms pass with no new
  // connection (libuv accepts every queued connection in a poll phase before timers run again),
  // answering each request with `Connection: close` so keep-alive clients go elsewhere; then it
  // closes, lets requests in flight finish, and closes the database and the calculation threads.
  let stopping = false;
  let lastConnection = 0;
  server.on("connection", () => {
    lastConnection = Date.now();
  });
  server.on("request", (_req, res) => {
    if (stopping && !res.headersSent) res.setHeader("Connection", "close");
  });
  function shutdown(signal: string): void {
    if (stopping) return;
    stopping = true;
    lastConnection = Date.now();
    logger.info({ signal }, "shutting down: answering queued connections and requests in flight");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    const quiet = setInterval(() => {
      if (Date.now() - lastConnection < QUIET_MS) return;
      clearInterval(quiet);
      server.close(() => {
        Promise.all([store.close(), calculations.close()])
          .then(() => process.exit(0))
          .catch(() => process.exit(1));
      });
    }, 50);
  }
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}
