import { DEMO_PERIOD } from "@3c/domain/demo";
import { ROLES, type Store, systemActor } from "@3c/store";

/** A demo key as printed once at first start. */
export interface DemoKey {
  readonly partner: string;
  readonly role: string;
  readonly name: string;
  readonly secret: string;
}

/**
 * Seeds the demo partnership on first start and issues one key per partner and role; on a later
 * start (the partnership exists) does nothing and returns no keys: secrets are never stored, so
 * they cannot be shown again.
 *
 * @param store - the store
 * @returns the new keys, or an empty list when already seeded
 */
export async function seedDemoOnce(store: Store): Promise<DemoKey[]> {
  const system = systemActor("demo-seed");
  const existing = await store.getPartnership("3c");
  if (existing !== undefined) return [];
  await store.seedDemo(system);
  await store.openPeriod("3c", DEMO_PERIOD, system);
  const keys: DemoKey[] = [];
  for (const partner of await store.listPartners("3c")) {
    for (const role of ROLES) {
      const name = `${role}@${partner.id.toLowerCase()}`;
      const issued = await store.createKey({ partnership: "3c", partner: partner.id, role, name }, system);
      keys.push({ partner: partner.id, role, name, secret: issued.secret });
    }
  }
  return keys;
}
