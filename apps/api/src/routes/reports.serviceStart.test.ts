import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { seedDemo, useTestApp } from "../testing/index.js";

const base = "/v1/partnerships/3c";
const t = useTestApp({
  seed: seedDemo,
  keys: { admin: "3c/CCC/admin", financeHdc: "3c/HDC/finance", viewerScdc: "3c/SCDC/viewer" },
});
const { keys } = t;

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
