import { demoScenarioDocument } from "@3c/domain/demo";
import { Store, systemActor } from "@3c/store";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../http/createApp.js";
import { handOverDemo, seedDemoLaterYear, seedSmall, useTestApp } from "../testing/index.js";

// The demo with a later year to report (2025/26 counts 2024/25 as an earlier year), and another partnership.
const t = useTestApp({
  seed: async (app) => {
    await seedDemoLaterYear(app);
    await seedSmall(app, "p1");
  },
  keys: { viewer: "3c/SCDC/viewer", admin: "3c/HDC/admin" },
  per: "test",
});
const base = "/v1/partnerships/3c";
const REPORTS = [
  "/reports/savings?year=2025/26",
  "/reports/annual/ICT?year=2025/26",
  "/reports/savings?year=2024/25",
  "/reports/annual/ICT?year=2024/25",
  "/reports/kpis?year=2024/25",
] as const;

/** A report's bytes from the test app, whose store keeps what reports are made from. */
const kept = async (path: string): Promise<string> => {
  const res = await t.call("GET", `${base}${path}`, { key: t.keys.viewer });
  const body = await res.text();
  expect([res.status, path]).toEqual([200, path]);
  return body;
};

/** The same report from an app over the same database whose store keeps nothing: every year read and run again. */
const fresh = async (path: string): Promise<string> => {
  const app = createApp({ store: new Store(t.store.db, { reportCache: false }), logger: pino({ level: "silent" }) });
  const res = await app.request(`${base}${path}`, { headers: { Authorization: `Bearer ${t.keys.viewer}` } });
  return res.text();
};

/** Every report, from the app that keeps and from one that does not. */
const everyReport = async () => {
  const out: { path: string; kept: string; fresh: string }[] = [];
  for (const path of REPORTS) out.push({ path, kept: await kept(path), fresh: await fresh(path) });
  return out;
};

/**
 * Asks every report (so the store keeps 2024/25's and 2025/26's scenario and run), makes a write,
 * then asks again: each report answers as a store keeping nothing does, and `changed` are the
 * reports whose answer the write changed.
 */
async function afterWrite(write: () => Promise<unknown>): Promise<string[]> {
  const before = await everyReport();
  for (const r of before) expect(r.kept).toBe(r.fresh);
  await write();
  const after = await everyReport();
  for (const r of after) expect([r.path, r.kept]).toEqual([r.path, r.fresh]);
  return after.filter((r, i) => r.kept !== before[i]?.kept).map((r) => r.path);
}

describe("reports kept between requests", () => {
  it("answer a report asked twice with the same bytes, the second from what the store keeps", async () => {
    const first = await kept(REPORTS[0]);
    const { made } = t.store.keptForReports;
    expect(made).toBeGreaterThan(0);
    expect(await kept(REPORTS[0])).toBe(first);
    expect(t.store.keptForReports.made).toBe(made);
    expect(first).toBe(await fresh(REPORTS[0]));
    const csv = await kept(`${REPORTS[1]}&format=csv`);
    expect(await kept(`${REPORTS[1]}&format=csv`)).toBe(csv);
    expect(csv).toBe(await fresh(`${REPORTS[1]}&format=csv`));
  });

  it("after a cost line in 2024/25, count 2024/25's new run in every later year's report", async () => {
    const line = { id: "ICT-2024-X", service: "ICT", pool: "staff", date: "2024-06-30", amount: "250000.00" };
    const changed = await afterWrite(() => t.store.importRecords("3c", "cost-lines", [line], systemActor()));
    expect(changed).toEqual(expect.arrayContaining([REPORTS[0], REPORTS[1], REPORTS[2], REPORTS[3]]));
  });

  it("after income in 2024/25, count it in every later year's report", async () => {
    const income = { id: "ICT-INC-X", service: "ICT", date: "2024-09-30", amount: "90000.00" };
    const changed = await afterWrite(() => t.store.importRecords("3c", "income", [income], systemActor()));
    expect(changed).toEqual(expect.arrayContaining([REPORTS[0], REPORTS[2]]));
  });

  it("after a rule version agreed by every partner from inside 2024/25, run 2024/25 by it", async () => {
    const changed = await afterWrite(async () => {
      const rule = {
        id: "ict-service-v2",
        service: "ICT",
        effectiveFrom: "2024-10-01",
        basis: { kind: "equal" as const },
      };
      const actor = (partner: string) => ({
        ...systemActor(),
        keyId: `k-${partner}`,
        partner,
        role: "approver" as const,
      });
      await t.store.proposeRule("3c", rule, actor("HDC"));
      for (const p of ["CCC", "HDC", "SCDC"]) await t.store.consentRule("3c", rule.id, actor(p));
    });
    expect(changed).toEqual(expect.arrayContaining([REPORTS[0], REPORTS[2]]));
  });

  it("after ICT's hand-over inside 2024/25, charge 2024/25 by each lead", async () => {
    const changed = await afterWrite(() => handOverDemo(t, t.keys.admin));
    expect(changed).toEqual(expect.arrayContaining([REPORTS[3]]));
  });

  it("after a changed savings baseline, rate every year by it", async () => {
    const savings = demoScenarioDocument.savings;
    const changed = await afterWrite(async () => {
      const [first, ...rest] = savings?.baselines ?? [];
      const baselines = [{ ...first, amount: "9999999" }, ...rest];
      const section = (await t.store.getSections("3c")).savings as Record<string, unknown>;
      await t.store.putSection("3c", "savings", { ...section, baselines }, systemActor());
    });
    expect(changed).toEqual(expect.arrayContaining([REPORTS[0], REPORTS[2]]));
  });

  it("after a write in another partnership, or another year's records, give what was kept", async () => {
    await everyReport();
    const { made } = t.store.keptForReports;
    const line = { id: "P1-L", service: "ICT", pool: "staff", date: "2024-06-30", amount: "10.00" };
    await t.store.importRecords("p1", "cost-lines", [line], systemActor());
    const later = { driver: "users", partner: "CCC", period: "2026/27", quantity: "1" };
    await t.store.importRecords("3c", "drivers", [later], systemActor());
    for (const r of await everyReport()) expect([r.path, r.kept]).toEqual([r.path, r.fresh]);
    expect(t.store.keptForReports.made).toBe(made);
  });
});
