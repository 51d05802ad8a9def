import { DEMO_HANDOVER } from "@3c/domain/demo";
import type { TestApp } from "./testApp.js";

/**
 * Hands the seeded demo's ICT from HDC to CCC on 1 October 2024 ({@link DEMO_HANDOVER}) through
 * the API, as an admin would: the store's counterpart of the domain's `withDemoHandover`.
 *
 * @param t - a test app holding the demo (`store.seedDemo`)
 * @param adminKey - the secret of an admin key of the partnership `3c`
 * @returns nothing; the service's new version is stored
 * @throws Error when the API does not answer 200
 * @example withKeys: (app, keys) => handOverDemo(app, keys.admin)
 */
export async function handOverDemo(t: Pick<TestApp, "call">, adminKey: string): Promise<void> {
  const { service, lead, effectiveFrom } = DEMO_HANDOVER;
  const res = await t.call("PATCH", `/v1/partnerships/3c/services/${service}`, {
    key: adminKey,
    json: { lead, effectiveFrom },
  });
  if (res.status !== 200) throw new Error(`handing ${service} to ${lead} answered ${res.status}: ${await res.text()}`);
}
