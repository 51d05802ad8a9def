import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Store } from "../Store.js";
import { closeTestStore, openTestStore, resetStore } from "./openTestStore.js";
import { seedSmall } from "./seedSmall.js";

/** How a store test file's store is opened, and what each test starts from. */
export interface TestStoreSetup {
  /** The store's clock, made once for the file (see {@link tickingClock}); default the system clock. */
  readonly now?: () => string;
  /** What each test starts from once the store is emptied: default {@link seedSmall}; `false` for nothing. */
  readonly seed?: ((store: Store) => Promise<unknown>) | false;
}

/**
 * A clock for tests: from an instant (default 2025-01-01T00:00:00Z), one second later at each
 * reading, so every write has an instant of its own and the same test gives the same instants.
 *
 * @param start - the first instant, in milliseconds since the epoch
 * @returns the clock, for {@link TestStoreSetup.now}
 */
export function tickingClock(start = Date.UTC(2025, 0, 1)): () => string {
  let tick = 0;
  return () => new Date(start + 1000 * tick++).toISOString();
}

/**
 * The set-up every store test file shares: registers the vitest hooks that open a test store before
 * the tests of the file (or of the `describe` it is called in) — PGlite in memory, or a schema of
 * `TEST_DATABASE_URL` — empty and seed it before each test, and close it after them. The store it
 * answers stands in for the one opened: each property is read from that store, each method called
 * on it, so tests use it as they would the store itself.
 *
 * @param setup - the clock, and what each test starts from
 * @returns the file's store, usable inside tests and hooks
 * @throws Error when the store is used outside a test or hook (it is not open yet)
 * @example
 * const store = useTestStore({ now: tickingClock() });
 * it("lists the seeded service", async () => {
 *   expect((await store.listServices(SMALL.id)).map((s) => s.id)).toEqual(["ICT"]);
 * });
 */
export function useTestStore(setup: TestStoreSetup = {}): Store {
  let opened: Store | undefined;
  const current = (): Store => {
    if (opened === undefined) throw new Error("the test store opens in beforeAll: use it inside a test or a hook");
    return opened;
  };
  beforeAll(async () => {
    opened = await openTestStore(process.env, setup.now === undefined ? {} : { now: setup.now });
  });
  afterAll(async () => {
    if (opened !== undefined) await closeTestStore(opened);
  });
  beforeEach(async () => {
    const store = current();
    await resetStore(store);
    if (setup.seed !== false) await (setup.seed ?? seedSmall)(store);
  });
  return new Proxy({} as Store, {
    get(_target, property) {
      const store = current();
      const value: unknown = Reflect.get(store, property, store);
      return typeof value === "function" ? value.bind(store) : value;
    },
  });
}
