import type { Role, Store } from "@3c/store";
import { systemActor } from "@3c/store";
import { closeTestStore, openTestStore, resetStore } from "@3c/store/testing";
import pino from "pino";
import { type AppOptions, createApp } from "../http/createApp.js";

/** A test app over its own store (PGlite in memory, or a schema of `TEST_DATABASE_URL`). */
export interface TestApp {
  readonly store: Store;
  readonly app: ReturnType<typeof createApp>;
  /**
   * Sends a request.
   *
   * @param method - HTTP method
   * @param path - the path
   * @param options - bearer key, JSON or text body, headers
   * @returns the response
   */
  call(
    method: string,
    path: string,
    options?: { key?: string; json?: unknown; text?: string; type?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Issues a key of a partner and role (named `<role>@<partner>` unless a name is given). */
  key(partnership: string, partner: string, role: Role, name?: string): Promise<string>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** The app options a test may set: body size limits and the rate limit. */
export type TestAppOptions = Pick<AppOptions, "maxBodyBytes" | "maxJsonBytes" | "maxCsvBytes" | "rateLimit">;

/**
 * Opens a test app for one test file.
 *
 * @param options - body size limits and rate limit
 * @returns the test app
 */
export async function openTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const store = await openTestStore(process.env);
  const app = createApp({ store, logger: pino({ level: "silent" }), ...options });
  return {
    store,
    app,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.key !== undefined) headers.Authorization = `Bearer ${o.key}`;
      let body: string | undefined;
      if (o.json !== undefined) {
        headers["Content-Type"] = "application/json";
        body = JSON.stringify(o.json);
      } else if (o.text !== undefined) {
        headers["Content-Type"] = o.type ?? "text/csv";
        body = o.text;
      }
      return app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
    },
    async key(partnership, partner, role, name) {
      const issued = await store.createKey(
        { partnership, partner, role, name: name ?? `${role}@${partner.toLowerCase()}` },
        systemActor(),
      );
      return issued.secret;
    },
    reset: () => resetStore(store),
    close: () => closeTestStore(store),
  };
}

/** The demo partnership as `npm start` seeds it (its services, records and budget), for `useTestApp`'s `seed`. */
export async function seedDemo(t: TestApp): Promise<void> {
  await t.store.seedDemo(systemActor());
}

/** The small partnership most API tests use: A leads ICT (A and B take part); C leads BC alone. */
export async function seedSmall(t: TestApp, id = "p1"): Promise<void> {
  const system = systemActor();
  await t.store.createPartnership(
    {
      id,
      name: `Partnership ${id}`,
      currency: "GBP",
      settings: {},
      partners: [
        { id: "A", name: "Council A" },
        { id: "B", name: "Council B" },
        { id: "C", name: "Council C" },
      ],
    },
    system,
  );
  await t.store.createService(
    id,
    { id: "ICT", name: "ICT", lead: "A", participants: ["A", "B"], pools: [{ id: "staff", name: "Staff" }] },
    system,
  );
  await t.store.createService(
    id,
    { id: "BC", name: "Building Control", lead: "C", participants: ["C"], pools: [{ id: "staff", name: "Staff" }] },
    system,
  );
  for (const [rule, service] of [
    ["ict-equal", "ICT"],
    ["bc-direct", "BC"],
  ] as const) {
    await t.store.proposeRule(
      id,
      {
        id: rule,
        service,
        effectiveFrom: "2024-04-01",
        basis: service === "ICT" ? { kind: "equal" } : { kind: "direct", partner: "C" },
      },
      system,
    );
    for (const p of ["A", "B", "C"]) {
      await t.store.consentRule(id, rule, { ...system, partner: p, keyId: `seed-${p}`, name: `seed@${p}` });
    }
  }
}

/**
 * A cost line of ICT's staff pool.
 *
 * @param id - line id
 * @param amount - decimal amount
 * @param date - the date (default in 2024/25 Q1)
 * @returns the line
 */
export function ictLine(id: string, amount: string, date = "2024-05-31") {
  return { id, service: "ICT", pool: "staff", date, amount };
}
