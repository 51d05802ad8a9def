import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { seedDemo, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/3c";
const t = useTestApp({
  seed: seedDemo,
  keys: { admin: "3c/CCC/admin", financeHdc: "3c/HDC/finance", viewerScdc: "3c/SCDC/viewer" },
  per: "test",
});
const { keys } = t;

/** Adds HR, led by HDC, from April 2025 (after the demo's year). */
async function addHr() {
  const service = await t.call("POST", `${base}/services`, {
    key: keys.admin,
    json: {
      id: "HR",
      name: "HR",
      lead: "HDC",
      pools: [{ id: "payroll", name: "Payroll" }],
      effectiveFrom: "2025-04-01",
    },
  });
  expect(service.status).toBe(201);
}

describe("reports when the outage-cost calendar comes to serve only a service added later", () => {
  const get = async (path: string) => {
    const res = await t.call("GET", `${base}/${path}`, { key: keys.viewerScdc });
    return [res.status, await res.json()];
  };
  // Of 2024/25, taken at its end (the store's clock is past it). The demo records no figures of
  // 2025/26, so the years HR is in are tested on the store (services.test.ts).
  const reports = async () => ({
    annual: await get("reports/annual/ICT?year=2024/25"),
    kpis: await get("reports/kpis?year=2024/25"),
  });

  it("answers an earlier year's annual and KPI reports as before, outage costs and all", async () => {
    const [office] = demoScenarioDocument.calendars ?? [];
    if (office === undefined || demoScenarioDocument.outageCost?.calendar !== office.id)
      throw new Error("the demo's outage costing reads its first calendar");
    await addHr();
    const before = await reports();
    const [status, annual] = before.annual as [number, { outages: { cost: { total: { minor: number } } } }];
    expect([status, before.kpis[0], annual.outages.cost.total.minor > 0]).toEqual([200, 200, true]);
    // The office's hours come to serve only HR, from April 2025; ICT keeps them under a calendar of its own.
    const moved = await t.call("PUT", `${base}/sections/calendars`, {
      key: keys.financeHdc,
      json: [
        { ...office, services: ["HR"] },
        { ...office, id: "ict-hours", services: ["ICT"] },
      ],
    });
    expect(moved.status).toBe(200);
    expect(await reports()).toEqual(before);
  });
});

describe("a calendar's zone changed after its services' outages are stored", () => {
  it("is refused with 422 naming the outage that would then begin before its service's start, and nothing saved", async () => {
    const [office] = demoScenarioDocument.calendars ?? [];
    const stored = demoScenarioDocument.outages ?? [];
    if (office === undefined) throw new Error("the demo has a calendar");
    await addHr();
    const put = (section: string, json: unknown) =>
      t.call("PUT", `${base}/sections/${section}`, { key: keys.financeHdc, json });
    const uk = [{ ...office, services: ["ICT", "HR"] }];
    expect((await put("calendars", uk)).status).toBe(200);
    // 23:30 UTC on 31 March is 00:30 on 1 April in the UK (BST): HR's first day under the UK calendar.
    const early = {
      ...stored[0],
      id: "HR-EDGE",
      start: "2025-03-31T23:30:00Z",
      end: "2025-04-01T00:30:00Z",
      services: ["HR"],
    };
    expect((await put("outages", [...stored, early])).status).toBe(200);
    const refused = await put("calendars", [{ ...uk[0], timeZone: "UTC" }]);
    const problem = (await refused.json()) as { code: string; errors: { path: string; message: string }[] };
    expect([refused.status, problem.code, problem.errors]).toEqual([
      422,
      "INVALID_INPUT",
      [
        {
          path: `outages[${stored.length}].start`,
          message:
            'outage "HR-EDGE" begins on 2025-03-31 in UTC, the zone of HR\'s calendar as written, before service HR takes part from 2025-04-01: correct the outage first',
        },
      ],
    ]);
    const after = await t.call("GET", `${base}/sections/calendars`, { key: keys.viewerScdc });
    expect(await after.json()).toEqual(JSON.parse(JSON.stringify(uk)));
  });
});

describe("a calendar serving no service", () => {
  it("is added by an admin, not by a service's lead: outage costing may read it for every partner", async () => {
    const [office] = demoScenarioDocument.calendars ?? [];
    if (office === undefined) throw new Error("the demo has a calendar");
    const body = [office, { ...office, id: "users-hours", services: [] }];
    const put = (key: string) => t.call("PUT", `${base}/sections/calendars`, { key, json: body });
    const lead = await put(keys.financeHdc);
    const problem = (await lead.json()) as { errors: { path: string }[] };
    expect([lead.status, problem.errors.map((e) => e.path)]).toEqual([403, ["calendars[1]"]]);
    expect((await put(keys.admin)).status).toBe(200);
    const stored = await t.call("GET", `${base}/sections/calendars`, { key: keys.viewerScdc });
    expect(await stored.json()).toEqual(JSON.parse(JSON.stringify(body)));
  });
});
