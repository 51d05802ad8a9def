import type { Role } from "@3c/store";
import { restoreStore, snapshotStore } from "@3c/store/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { openTestApp, seedSmall, type TestApp, type TestAppOptions } from "./testApp.js";

/** A key to issue: `partnership/partner/role`, or that and the key's name (default `<role>@<partner>`). */
export type KeySpec = `${string}/${string}/${Role}` | readonly [`${string}/${string}/${Role}`, string];

/** How a test file's app is opened and seeded. */
export interface TestAppSetup<K extends string> {
  /** Body size limits and rate limit of the app. */
  readonly options?: TestAppOptions;
  /** What the store holds before the keys are issued: default {@link seedSmall} of `p1`; `false` for nothing. */
  readonly seed?: ((t: TestApp) => Promise<void>) | false;
  /** The keys to issue after seeding, by the name the tests use them by. */
  readonly keys?: { readonly [name in K]: KeySpec };
  /** More set-up with the keys issued (records, runs...). */
  readonly withKeys?: (t: TestApp, keys: Readonly<Record<K, string>>) => Promise<void>;
  /**
   * `file` (default): set up once for the file; `test`: each test starts from the set-up's state (made
   * before the first test, put back before each later one).
   */
  readonly per?: "file" | "test";
}

/** A test file's app, usable inside tests and hooks, with the secrets of the keys it was set up with. */
export interface SharedTestApp<K extends string> extends TestApp {
  /** The secrets, by name; filled before the first test (and again before each, `per: "test"`). */
  readonly keys: Readonly<Record<K, string>>;
}

/**
 * The set-up every route test file shares: registers the vitest hooks that open a test app before
 * the file's tests (PGlite in memory, or a schema of `TEST_DATABASE_URL`), seed it, issue the
 * named keys and run the file's own set-up, and close it after them. Call it at the top level of
 * a test file.
 *
 * @param setup - options of the app, seed, keys, extra set-up, and whether it is repeated per test
 * @returns the app (its methods and `store` are usable once the file's tests run) and the keys
 * @throws Error when the app is used outside a test or hook (it is not open yet)
 * @example
 * const t = useTestApp({ keys: { financeA: "p1/A/finance" }, per: "test" });
 * it("adds a cost line", async () => {
 *   const res = await t.call("POST", "/v1/partnerships/p1/cost-lines", { key: t.keys.financeA, json: ictLine("L1", "1.00") });
 *   expect(res.status).toBe(201);
 * });
 */
export function useTestApp<K extends string = never>(setup: TestAppSetup<K> = {}): SharedTestApp<K> {
  let opened: TestApp | undefined;
  const keys = {} as Record<K, string>;
  const current = (): TestApp => {
    if (opened === undefined) throw new Error("the test app opens in beforeAll: use it inside a test or a hook");
    return opened;
  };
  const prepare = async (t: TestApp) => {
    if (setup.seed !== false) await (setup.seed ?? ((app) => seedSmall(app, "p1")))(t);
    for (const [name, spec] of Object.entries(setup.keys ?? {}) as [K, KeySpec][]) {
      const [path, keyName] = typeof spec === "string" ? [spec, undefined] : spec;
      const [partnership, partner, role] = path.split("/") as [string, string, Role];
      keys[name] = await t.key(partnership, partner, role, keyName);
    }
    await setup.withKeys?.(t, keys);
  };
  beforeAll(async () => {
    opened = await openTestApp(setup.options);
    if (setup.per !== "test") await prepare(opened);
  });
  afterAll(async () => {
    await opened?.close();
  });
  // Per test, each test starts from the state the set-up makes: made once, before the first test,
  // kept (snapshotStore), and put back before each later one (restoreStore), which takes a
  // fraction of the time of emptying the store and setting up again.
  let kept = false;
  if (setup.per === "test")
    beforeEach(async () => {
      const t = current();
      if (kept) return restoreStore(t.store);
      await t.reset();
      await prepare(t);
      await snapshotStore(t.store);
      kept = true;
    });
  return {
    get store() {
      return current().store;
    },
    get app() {
      return current().app;
    },
    call: (method, path, options) => current().call(method, path, options),
    key: (partnership, partner, role, name) => current().key(partnership, partner, role, name),
    reset: () => current().reset(),
    close: () => current().close(),
    keys,
  };
}
