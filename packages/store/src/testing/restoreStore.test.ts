import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../Actor.js";
import type { Store } from "../Store.js";
import { SMALL } from "./fixtures.js";
import { closeTestStore, openTestStore, restoreStore, snapshotStore } from "./openTestStore.js";
import { seedSmall } from "./seedSmall.js";

// What test files seeded once rely on: a restore puts back every row the snapshot kept, and
// nothing written since, however often it is restored.
describe("snapshotStore and restoreStore", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(process.env);
  });
  afterAll(() => closeTestStore(store));

  it("puts back the seeded state, drops what was written since, and does so again after more writes", async () => {
    await seedSmall(store);
    const kept = await store.createKey(
      { partnership: SMALL.id, partner: "A", role: "viewer", name: "kept" },
      systemActor(),
    );
    await snapshotStore(store);
    const seeded = { services: await store.listServices(SMALL.id), audit: await store.verifyAudit(SMALL.id) };
    expect(seeded.audit.valid).toBe(true);
    for (const round of [1, 2]) {
      await store.createService(
        SMALL.id,
        { id: `NEW${round}`, name: "New", lead: "B", pools: [{ id: "staff", name: "Staff" }] },
        systemActor(),
      );
      const later = await store.createKey(
        { partnership: SMALL.id, partner: "B", role: "viewer", name: `later${round}` },
        systemActor(),
      );
      expect(await store.findKey(later.secret)).toBeDefined();
      await restoreStore(store);
      expect(await store.listServices(SMALL.id)).toEqual(seeded.services);
      expect(await store.verifyAudit(SMALL.id)).toEqual(seeded.audit);
      expect(await store.findKey(later.secret)).toBeUndefined();
      expect((await store.findKey(kept.secret))?.name).toBe("kept");
    }
  });
});
