/**
 * The benchmark's floor for `POST /v1/calculate`: the real app (every middleware, the key check, the
 * body's schema, the same answer of about 7 KiB) on the demo partnership, but its calculations answer
 * every request with the bytes the first one gave. `npm run bench:api` sends one body throughout, so
 * every answer is the right one; what the route costs over HTTP beyond the trivial route then shows
 * apart from what the calculation costs. Started by http.bench.ts; not a server to use.
 *
 * Prints the URL and the demo keys as `src/main.ts --demo` does. Env: DATA_DIR (PGlite).
 */
import { databaseConfigFromEnv, Store } from "@3c/store";
import { serve } from "@hono/node-server";
import pino from "pino";
import { type Calculations, inlineCalculations } from "../src/calculate/index.js";
import { seedDemoOnce } from "../src/cli/seedDemo.js";
import { createApp } from "../src/http/createApp.js";

const store = await Store.open(databaseConfigFromEnv(process.env));
const keys = await seedDemoOnce(store);
let first: Promise<Uint8Array> | undefined;
const precomputed: Calculations = {
  threads: 0,
  run: (job) => {
    first ??= inlineCalculations.run(job);
    return first;
  },
  close: async () => {},
};
const app = createApp({ store, logger: pino({ level: "warn" }), calculations: precomputed, rateLimit: false });
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  const lines = keys.map((k) => `  ${k.partner.padEnd(5)} ${k.role.padEnd(9)} ${k.secret}`);
  process.stdout.write(`${lines.join("\n")}\n\n3c API:  http://127.0.0.1:${info.port}\n`);
});
process.on("SIGTERM", () => server.close(() => store.close().then(() => process.exit(0))));
