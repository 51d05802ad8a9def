import { demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { seedDemo, useTestApp } from "../testing/index.js";

const t = useTestApp({ seed: seedDemo, keys: { viewerScdc: "3c/SCDC/viewer", financeHdc: "3c/HDC/finance" } });
const { keys } = t;

// A sum KPI is judged in a quarter against its yearly target × 3/12 (decision 188); the scorecard's
// JSON says so in the row's target, beside the year's figure as recorded.
describe("the KPI scorecard over HTTP, for a sum KPI", () => {
  it("give a sum KPI's row the target it was judged against: a quarter of a yearly 400000 is 100000", async () => {
    const calls = {
      code: "ICT-KPI-9",
      name: "Calls handled",
      service: "ICT",
      unit: "count",
      polarity: "higher-is-better",
      aggregation: "sum",
      targets: [{ year: "2024/25", value: "400000" }],
    };
    const put = (section: string, json: unknown) =>
      t.call("PUT", `/v1/partnerships/3c/sections/${section}`, { key: keys.financeHdc, json });
    expect((await put("kpis", [...(demoScenarioDocument.kpis ?? []), calls])).status).toBe(200);
    const q1 = { kpi: "ICT-KPI-9", period: "2024/25-Q1", value: "100000" };
    expect((await put("measurements", [...(demoScenarioDocument.measurements ?? []), q1])).status).toBe(200);
    const res = await t.call("GET", "/v1/partnerships/3c/reports/kpis?year=2024/25&service=ICT", {
      key: keys.viewerScdc,
    });
    const card = (await res.json()) as { kpis: { code: string; quarters: { target: unknown; status: string }[] }[] };
    const row = card.kpis.find((k) => k.code === "ICT-KPI-9")?.quarters[0];
    expect(row).toMatchObject({
      status: "green",
      target: { kind: "value", value: "400000", forPeriod: { months: 3, value: "100000", exact: true } },
    });
  });
});
