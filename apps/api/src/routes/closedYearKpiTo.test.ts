import { describe, expect, it } from "vitest";
import { seedDemo, useTestApp } from "../testing/index.js";

// The demo with 2024/25 closed: ICT led by HDC. A KPI's `to` is the last year it is reported.
const t = useTestApp({
  seed: seedDemo,
  keys: { approver: "3c/HDC/approver", financeHdc: "3c/HDC/finance", viewer: "3c/SCDC/viewer" },
  per: "test",
});
const { keys } = t;
const base = "/v1/partnerships/3c";
const reports = [
  "/reports/kpis?year=2024/25",
  "/reports/kpis?year=2024/25&format=csv",
  "/reports/annual/ICT?year=2024-25",
  "/reports/annual/ICT?year=2024-25&format=csv",
];

const text = async (path: string) => {
  const res = await t.call("GET", `${base}${path}`, { key: keys.viewer });
  expect([path, res.status]).toEqual([path, 200]);
  return res.text();
};
const answer = async (res: Response) => {
  if (res.ok) return [res.status];
  const problem = (await res.json()) as { code: string; errors: { path: string }[] };
  return [res.status, problem.code, [...new Set(problem.errors.map((e) => e.path))]];
};
const closeYear = async () => {
  expect((await t.call("POST", `${base}/periods`, { key: keys.approver, json: { name: "2024/25" } })).status).toBe(201);
  expect((await t.call("POST", `${base}/periods/2024-25/close`, { key: keys.approver })).status).toBe(200);
};
const storedKpis = async () => JSON.parse(await text("/sections/kpis")) as Record<string, unknown>[];
const url = `${base}/kpis/ICT-KPI-2`;
/** ICT-KPI-2 as its item route takes it (its targets have routes of their own), with `change`. */
const itemWith = async (change: Record<string, unknown>) => {
  const { targets: _, to: __, ...item } = (await storedKpis()).find((k) => k.code === "ICT-KPI-2") ?? {};
  return { ...item, ...change };
};
const putItem = async (change: Record<string, unknown>) =>
  t.call("PUT", url, { key: keys.financeHdc, json: await itemWith(change) });
const putSection = async (change: Record<string, unknown>) => {
  const stored = await storedKpis();
  const json = stored.map((k) => (k.code === "ICT-KPI-2" ? { ...k, ...change } : k));
  return [
    stored.findIndex((k) => k.code === "ICT-KPI-2"),
    await t.call("PUT", `${base}/sections/kpis`, { key: keys.financeHdc, json }),
  ] as const;
};

describe("a KPI retired (to) with a year closed", () => {
  it("is retired after the closed year, or later, and brought back: the closed year's reports byte for byte", async () => {
    await closeYear();
    const before = await Promise.all(reports.map(text));
    for (const to of ["2026/27", "2024/25"]) {
      expect([to, ...(await answer(await putItem({ to })))]).toEqual([to, 200]);
      expect(await text("/kpis/ICT-KPI-2")).toContain(`"to":"${to}"`);
    }
    const [, section] = await putSection({ to: "2025/26" });
    expect(await answer(section)).toEqual([200]);
    expect(await answer(await putItem({}))).toEqual([200]);
    expect(await text("/kpis/ICT-KPI-2")).not.toContain('"to"');
    expect(await Promise.all(reports.map(text))).toEqual(before);
  });

  it("is not retired from the closed year: 409 at its to, nothing stored", async () => {
    // A KPI with targets and no figures, shown as "?" in 2024/25 (one with 2024/25 figures retired
    // from 2023/24 is invalid first: 422 at its measurements).
    const kpi = {
      code: "ICT-KPI-9",
      name: "Targets only",
      service: "ICT",
      unit: "count",
      polarity: "higher-is-better",
    };
    const json = { ...kpi, targets: [{ year: "2023/24", value: "1" }] };
    expect(await answer(await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json }))).toEqual([201]);
    await closeYear();
    const before = await Promise.all([...reports, "/sections/kpis"].map(text));
    expect(before[0]).toContain("ICT-KPI-9");
    const nine = `${base}/kpis/ICT-KPI-9`;
    const put = await t.call("PUT", nine, { key: keys.financeHdc, json: { ...kpi, to: "2023/24" } });
    expect(await answer(put)).toEqual([409, "PERIOD_CLOSED", ["to"]]);
    const stored = await storedKpis();
    const at = stored.findIndex((k) => k.code === "ICT-KPI-9");
    const retired = stored.map((k) => (k.code === "ICT-KPI-9" ? { ...k, to: "2023/24" } : k));
    const section = await t.call("PUT", `${base}/sections/kpis`, { key: keys.financeHdc, json: retired });
    expect(await answer(section)).toEqual([409, "PERIOD_CLOSED", [`kpis[${at}].to`]]);
    expect(await Promise.all([...reports, "/sections/kpis"].map(text))).toEqual(before);
  });

  it("retired before the closed year is not brought back into it: 409 at its to, nothing stored", async () => {
    const kpi = { code: "ICT-KPI-9", name: "Retired", service: "ICT", unit: "count", polarity: "higher-is-better" };
    const nine = `${base}/kpis/ICT-KPI-9`;
    const json = { ...kpi, targets: [{ year: "2023/24", value: "1" }], to: "2023/24" };
    expect(await answer(await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json }))).toEqual([201]);
    await closeYear();
    const before = await Promise.all([...reports, "/sections/kpis"].map(text));
    expect(before[0]).not.toContain("ICT-KPI-9");
    for (const change of [{}, { to: "2025/26" }]) {
      const res = await t.call("PUT", nine, { key: keys.financeHdc, json: { ...kpi, ...change } });
      expect([change, ...(await answer(res))]).toEqual([change, 409, "PERIOD_CLOSED", ["to"]]);
    }
    expect(await Promise.all([...reports, "/sections/kpis"].map(text))).toEqual(before);
    // Removed altogether: it was in no closed year's reports.
    expect(await answer(await t.call("DELETE", nine, { key: keys.financeHdc }))).toEqual([200]);
    expect(await Promise.all(reports.map(text))).toEqual(before.slice(0, reports.length));
  });

  it("is refused as bad input when its to is not a year or before its from: 422 at its to, nothing stored", async () => {
    await closeYear();
    const before = await text("/sections/kpis");
    for (const change of [{ to: "2025" }, { to: "2025/26-Q1" }, { from: "2026/27", to: "2025/26" }]) {
      expect([change, ...(await answer(await putItem(change)))]).toEqual([change, 422, "INVALID_INPUT", ["to"]]);
      const [at, section] = await putSection(change);
      expect([change, ...(await answer(section))]).toEqual([change, 422, "INVALID_INPUT", [`kpis[${at}].to`]]);
    }
    expect(await text("/sections/kpis")).toBe(before);
  });
});
