import { describe, expect, it } from "vitest";
import { seedDemo, useTestApp } from "../testing/index.js";

// The demo records drivers for 2024/25 only: 2025/26 is a year whose quantities are not in yet.
const t = useTestApp({
  seed: seedDemo,
  keys: { financeHdc: "3c/HDC/finance", viewer: "3c/SCDC/viewer" },
});
const { keys } = t;
const base = "/v1/partnerships/3c";

interface Card {
  kpis: { code: string; quarters: { period: string; value: { numerator?: string } | null; status: string }[] }[];
}

describe("the KPI scorecard of a year whose driver quantities are not recorded yet", () => {
  it("is scored from its KPIs and measurements (200), not refused for the recharge's missing drivers", async () => {
    // A quarter's measurements of the new year, as the docs' example imports them (HDC leads ICT).
    const csv = "kpi,period,partner,numerator,denominator\nICT-KPI-3,2025/26-Q1,CCC,4305,4950\n";
    const imported = await t.call("POST", `${base}/measurements/import`, {
      key: keys.financeHdc,
      text: csv,
    });
    expect(imported.status).toBe(201);
    const res = await t.call("GET", `${base}/reports/kpis?year=2025/26&service=ICT`, { key: keys.viewer });
    const text = await res.text();
    expect([res.status, text]).toEqual([200, expect.not.stringContaining("no quantities")]);
    const card = JSON.parse(text) as Card;
    const q1 = card.kpis.find((k) => k.code === "ICT-KPI-3")?.quarters.find((q) => q.period === "2025/26-Q1");
    expect(q1?.value).toMatchObject({ numerator: "4305" });
    // Its CSV too.
    const file = await t.call("GET", `${base}/reports/kpis?year=2025/26&service=ICT&format=csv`, { key: keys.viewer });
    expect(file.status).toBe(200);
  });
});

describe("the KPI scorecard of a service the partnership does not have", () => {
  it("is refused as the docs say: 422 INVALID_SCENARIO naming the partnership's services, not 404 as if the partnership were unknown", async () => {
    const res = await t.call("GET", `${base}/reports/kpis?year=2024/25&service=ict`, { key: keys.viewer });
    const problem = (await res.json()) as { code: string; detail: string };
    expect([res.status, problem.code]).toEqual([422, "INVALID_SCENARIO"]);
    expect(problem.detail).toContain("its services are BC, ICT, LEGAL");
  });
});
