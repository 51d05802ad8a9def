import { randomBytes } from "node:crypto";
import { Store, systemActor } from "@3c/store";
import pino from "pino";
import { createApp } from "../src/http/createApp.js";

/**
 * What an in-process benchmark of the API starts from: a store with the demo seeded — PGlite in
 * memory, or with `BENCH_DATABASE_URL` that PostgreSQL server in a schema of its own — the app over
 * it (logging nothing), and the system actor that seeded it.
 *
 * @returns the store, the app and the system actor
 * @example
 * const { store, app, system } = await seededBenchApp();
 */
export async function seededBenchApp() {
  const url = process.env.BENCH_DATABASE_URL;
  const store = await Store.open(
    url === undefined ? { memory: true } : { url, schema: `bench_${randomBytes(4).toString("hex")}` },
  );
  const app = createApp({ store, logger: pino({ level: "silent" }) });
  const system = systemActor("bench");
  await store.seedDemo(system);
  return { store, app, system };
}
