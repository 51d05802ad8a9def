import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, seedSmall, type TestApp } from "../testing/index.js";

let t: TestApp;
const base = "/v1/partnerships/p1";

beforeAll(async () => {
  t = await openTestApp();
  await seedSmall(t);
});
afterAll(async () => {
  await t.close();
});

describe("documents (baselines, one-off costs, KPIs, outages, calendars)", () => {
  it("are imported whole by the service's lead and read back only by its participants", async () => {
    const financeA = await t.key("p1", "A", "finance");
    const outage = {
      id: "o1",
      service: "ICT",
      start: "2024-06-03T09:00:00Z",
      end: "2024-06-03T11:30:00Z",
      planned: false,
    };
    const res = await t.call("POST", `${base}/outages/import`, { key: financeA, json: { items: [outage] } });
    expect([res.status, await res.json()]).toEqual([201, { kind: "outages", imported: 1 }]);
    expect(await (await t.call("GET", `${base}/outages/o1`, { key: financeA })).json()).toEqual(outage);
    const financeC = await t.key("p1", "C", "finance");
    expect((await t.call("GET", `${base}/outages/o1`, { key: financeC })).status).toBe(404);
    const listC = await (await t.call("GET", `${base}/outages`, { key: financeC })).json();
    expect(listC).toEqual({ items: [], nextCursor: null });
    const financeB = await t.key("p1", "B", "finance");
    const refused = await t.call("POST", `${base}/outages/import`, {
      key: financeB,
      json: { items: [{ ...outage, id: "o2" }] },
    });
    expect(refused.status).toBe(403);
  });

  it("report every invalid item with its row and field", async () => {
    const financeA = await t.key("p1", "A", "finance", "f2@a");
    const res = await t.call("POST", `${base}/kpi-targets/import`, {
      key: financeA,
      json: {
        items: [
          { id: "t1", kpi: "k1", service: "ICT", period: "2024/25" },
          { id: "t2", kpi: "k1", service: "ICT" },
        ],
      },
    });
    const body = (await res.json()) as { status: number; errors: { row: number; column: string }[] };
    expect([body.status, body.errors.map((e) => [e.row, e.column])]).toEqual([422, [[2, "period"]]]);
  });
});
