import {
  annualReport,
  kpiScorecard,
  loadScenario,
  type Money,
  parseDate,
  parseMoney,
  type RechargeRun,
  rechargeRun,
  type Scenario,
  scenarioSavings,
  toDecimalString,
} from "@3c/domain";
import { DEMO_PERIOD, demoScenarioDocument } from "@3c/domain/demo";
import { systemActor } from "@3c/store";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterEach, describe, expect, it, vi } from "vitest";
import { seedDemo, useTestApp } from "../testing/index.js";

const t = useTestApp({
  seed: seedDemo,
  keys: { viewerScdc: "3c/SCDC/viewer", financeHdc: "3c/HDC/finance", financeScdc: "3c/SCDC/finance" },
});
const { keys } = t;
const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
/** The demo as the store gives it back: services in id order, pools in the document's order. */
const stored: Scenario = loadScenario({ ...demoScenarioDocument, services: byId(demoScenarioDocument.services) });

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("reports from the stored demo", () => {
  it("give a scrutiny member (viewer) the domain's savings per partner, exactly", async () => {
    const res = await t.call("GET", "/v1/partnerships/3c/reports/savings?year=2024/25", { key: keys.viewerScdc });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(json(scenarioSavings(stored, DEMO_PERIOD)));
  });

  it("give the domain's KPI scorecard, for all services or one, with the instant it was taken at", async () => {
    // The store's clock is past 2024/25: taken at the year's end, midnight UK time (BST), 23:00 UTC.
    const asAt = "2025-03-31T23:00:00Z";
    const all = await t.call("GET", "/v1/partnerships/3c/reports/kpis?year=2024/25", { key: keys.viewerScdc });
    expect(await all.json()).toEqual(json({ ...kpiScorecard(stored, DEMO_PERIOD, { asAt }), asAt }));
    const ict = await t.call("GET", "/v1/partnerships/3c/reports/kpis?year=2024/25&service=ICT", {
      key: keys.viewerScdc,
    });
    expect(await ict.json()).toEqual(json({ ...kpiScorecard(stored, DEMO_PERIOD, { service: "ICT", asAt }), asAt }));
  });

  it("give the domain's annual report of a service, money as currency and minor units", async () => {
    const res = await t.call("GET", "/v1/partnerships/3c/reports/annual/ICT?year=2024-25", { key: keys.viewerScdc });
    expect(res.status).toBe(200);
    // No outage is open, so the instant it is taken at changes no figure; the report says which it was.
    const asAt = "2025-03-31T23:00:00Z";
    expect(await res.json()).toEqual(json({ ...annualReport(stored, "ICT", DEMO_PERIOD), asAt }));
  });

  it("answer 404 for an unknown service and 422 for a quarter where a year is due", async () => {
    const unknown = await t.call("GET", "/v1/partnerships/3c/reports/annual/NOPE?year=2024/25", {
      key: keys.viewerScdc,
    });
    expect(unknown.status).toBe(404);
    const quarter = await t.call("GET", "/v1/partnerships/3c/reports/kpis?year=2024/25-Q1", { key: keys.viewerScdc });
    expect(quarter.status).toBe(422);
    expect(quarter.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  });

  it("rate every year by the terms as stored when no terms version ever took effect", async () => {
    const get = (path: string) => t.call("GET", `/v1/partnerships/3c/${path}`, { key: keys.viewerScdc });
    for (const year of ["2019/20", "2024-25", "2031/32"])
      expect(await (await get(`sections/savings?year=${year}`)).json()).toEqual(json(demoScenarioDocument.savings));
    const { inForce } = (await (await get("terms")).json()) as { inForce: unknown[] };
    expect(inForce).toEqual(
      // The demo's support settings, as stored at its seeding, are terms in force from the beginning too.
      ["savings", "outageCost", "availability", "settings"].map((section) => ({
        section,
        effectiveFrom: null,
        until: null,
        termsVersion: null,
        agreedAt: null,
      })),
    );
    const bad = await get("sections/savings?year=2024/25-Q1");
    expect([bad.status, ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)]).toEqual([
      422,
      ["year"],
    ]);
  });
});

describe("reports as CSV and XLSX", () => {
  const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const dec = (m: Money | null | undefined) => (m === null || m === undefined ? "" : toDecimalString(m));
  /** A money cell read back exactly, as a decimal string. */
  const cellDec = (v: unknown) => toDecimalString(parseMoney(String(v), "GBP"));
  /** The report in JSON and in `format`, asked for by a scrutiny member; the attachment's headers checked. */
  async function both<R>(path: string, format: "csv" | "xlsx", file: string) {
    const json = (await (await t.call("GET", path, { key: keys.viewerScdc })).json()) as R;
    const res = await t.call("GET", `${path}&format=${format}`, { key: keys.viewerScdc });
    expect([res.status, res.headers.get("Content-Type"), res.headers.get("Content-Disposition")]).toEqual([
      200,
      format === "csv" ? "text/csv; charset=utf-8" : XLSX,
      `attachment; filename="${file}.${format}"`,
    ]);
    return { json, res };
  }
  const csvRows = async (res: Response) =>
    Papa.parse<Record<string, string>>(await res.text(), { header: true, skipEmptyLines: true }).data;
  const workbook = async (res: Response) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return wb;
  };
  type Savings = NonNullable<ReturnType<typeof scenarioSavings>>;

  it("give the savings report as CSV: a row per partner, service and year, then the totals, the JSON's exact amounts", async () => {
    const path = "/v1/partnerships/3c/reports/savings?year=2024/25";
    const { json, res } = await both<Savings>(path, "csv", "savings-2024-25");
    const all = await csvRows(res);
    const rows = all.filter((r) => r.service !== "");
    // Then each partner's total per year (service empty), then the partnership's (partner empty too).
    expect(all.filter((r) => r.service === "" && r.partner !== "").map((r) => [r.partner, r.year, r.saving])).toEqual(
      json.partners.flatMap((p) => p.years.map((y) => [p.partner, y.year, dec(y.saving)])),
    );
    expect(rows.map((r) => [r.year, r.partner, r.service, r.indexedBaseline, r.saving, r.cumulative])).toEqual(
      json.services.map((x) => [
        x.year,
        x.partner,
        x.service,
        dec(x.indexedBaseline),
        dec(x.saving),
        dec(x.cumulative),
      ]),
    );
    expect(rows.length).toBeGreaterThan(0);
    // The partnership's rows are the JSON's own `partnership` totals: a consumer of either adds nothing up.
    const figures = ["indexedBaseline", "contribution", "saving", "cumulative", "oneOffNet", "netCumulative"] as const;
    expect(all.filter((r) => r.partner === "").map((r) => [r.year, ...figures.map((k) => r[k])])).toEqual(
      json.partnership.map((t) => [t.year, ...figures.map((k) => dec(t[k]))]),
    );
    expect(json.partnership.at(-1)?.cumulative).toEqual(json.total.saving);
  });

  it("give the savings report as the calculator's workbook, money cells reading back to the JSON's amounts", async () => {
    const path = "/v1/partnerships/3c/reports/savings?year=2024/25";
    const { json, res } = await both<Savings>(path, "xlsx", "savings-2024-25");
    const wb = await workbook(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["By partner", "By service"]);
    const ws = wb.getWorksheet("By partner");
    const years = json.partners.flatMap((p) => p.years.map((y) => ({ partner: p.partner, y })));
    expect(ws?.rowCount).toBe(years.length + json.years.length + 1);
    years.forEach(({ partner, y }, i) => {
      const row = ws?.getRow(i + 2);
      expect([
        row?.getCell(1).value,
        row?.getCell(2).value,
        ...[3, 4, 5, 7].map((c) => cellDec(row?.getCell(c).value)),
      ]).toEqual([y.year, partner, dec(y.indexedBaseline), dec(y.contribution), dec(y.saving), dec(y.cumulative)]);
    });
    const total = ws?.getRow(years.length + json.years.length + 1);
    expect([total?.getCell(1).value, total?.getCell(2).value, cellDec(total?.getCell(7).value)]).toEqual([
      "2024/25",
      "",
      dec(json.total.saving),
    ]);
  });

  it("give the KPI scorecard as CSV: kpi, partner, period, value and status as the JSON's", async () => {
    const path = "/v1/partnerships/3c/reports/kpis?year=2024/25&service=ICT";
    const { json, res } = await both<ReturnType<typeof kpiScorecard>>(path, "csv", "kpis-2024-25-ICT");
    const expected = json.kpis.flatMap((k) => [
      ...[...k.quarters, k.yearToDate].map((r) => [k.code, "", r.period, r.value?.display ?? "", r.status]),
      ...k.partners.flatMap((p) =>
        [...p.quarters, p.yearToDate].map((r) => [k.code, p.partner, r.period, r.value?.display ?? "", r.status]),
      ),
    ]);
    expect((await csvRows(res)).map((r) => [r.kpi, r.partner, r.period, r.value, r.status])).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it("give the KPI scorecard as the calculator's workbook, a row per KPI, partner and period with its status", async () => {
    const path = "/v1/partnerships/3c/reports/kpis?year=2024/25";
    const { json, res } = await both<ReturnType<typeof kpiScorecard>>(path, "xlsx", "kpis-2024-25");
    const ws = (await workbook(res)).getWorksheet("KPIs");
    const expected = json.kpis.flatMap((k) => [
      ...[...k.quarters, k.yearToDate].map((r) => [k.code, "", r.period, r.status]),
      ...k.partners.flatMap((p) => [...p.quarters, p.yearToDate].map((r) => [k.code, p.partner, r.period, r.status])),
    ]);
    const read: unknown[][] = [];
    ws?.eachRow((row, n) => {
      if (n > 1) read.push([1, 3, 4, 7].map((c) => row.getCell(c).value));
    });
    expect(read).toEqual(expected);
  });

  it("give the annual report as CSV: the finance and each council's recharge, the JSON's exact amounts", async () => {
    const path = "/v1/partnerships/3c/reports/annual/ICT?year=2024/25";
    const { json, res } = await both<ReturnType<typeof annualReport>>(path, "csv", "annual-report-ICT-2024-25");
    const rows = (await csvRows(res)).map((r) => [r.section, r.item, r.measure, r.value]);
    const f = json.finance;
    expect(rows.filter((r) => r[0] === "finance")).toEqual(
      (["budget", "actual", "variance", "income", "supportNet", "net"] as const).map((m) => [
        "finance",
        "ICT",
        m,
        dec(f[m]),
      ]),
    );
    expect(rows.filter((r) => r[0] === "recharge" && r[2] === "amount")).toEqual(
      f.recharges.map((p) => ["recharge", p.partner, "amount", dec(p.amount)]),
    );
  });

  it("give the annual report as the calculator's workbook, finance and recharges reading back to the JSON's amounts", async () => {
    const path = "/v1/partnerships/3c/reports/annual/ICT?year=2024/25";
    const { json, res } = await both<ReturnType<typeof annualReport>>(path, "xlsx", "annual-report-ICT-2024-25");
    const wb = await workbook(res);
    const finance = wb.getWorksheet("Finance");
    expect([2, 3, 4, 6, 7, 8].map((n) => cellDec(finance?.getRow(n).getCell(2).value))).toEqual(
      [
        json.finance.budget,
        json.finance.actual,
        json.finance.variance,
        json.finance.income,
        json.finance.supportNet,
        json.finance.net,
      ].map(dec),
    );
    const recharges = wb.getWorksheet("Recharges");
    expect(json.finance.recharges.map((_, i) => cellDec(recharges?.getRow(i + 2).getCell(2).value))).toEqual(
      json.finance.recharges.map((p) => dec(p.amount)),
    );
  });

  it("refuse a format it does not write with 422", async () => {
    const res = await t.call("GET", "/v1/partnerships/3c/reports/savings?year=2024/25&format=pdf", {
      key: keys.viewerScdc,
    });
    expect(res.status).toBe(422);
  });
});

describe("the annual report with an outage still open", () => {
  const open = {
    id: "OUT-OPEN-1",
    start: "2025-03-30T09:00:00+01:00",
    services: ["ICT"],
    systems: ["Email"],
    partners: [{ partner: "SCDC", users: 120 }],
    planned: false,
    priority: "P2",
  } as const;
  const later = { ...open, id: "OUT-OPEN-2", start: "2025-06-02T08:00:00+01:00" };
  const outages = [...(demoScenarioDocument.outages ?? []), open, later];
  const scenarioWith = (log: typeof outages) =>
    loadScenario({ ...demoScenarioDocument, services: byId(demoScenarioDocument.services), outages: log });
  afterEach(async () => {
    await t.store.putSection("3c", "outages", demoScenarioDocument.outages, systemActor());
  });
  const annual = (query: string) =>
    t.call("GET", `/v1/partnerships/3c/reports/annual/ICT?year=2024/25${query}`, { key: keys.viewerScdc });

  it("is taken by default at the earlier of the year's end and now, and says so", async () => {
    await t.store.putSection("3c", "outages", outages, systemActor());
    const res = await annual("");
    expect(res.status).toBe(200);
    // The store's clock is past 2024/25: the year ends at midnight UK time (BST), 23:00 UTC.
    const asAt = "2025-03-31T23:00:00Z";
    // The outage opened after the year's end had not begun then: the domain counts nothing for it.
    const expected = annualReport(scenarioWith(outages), "ICT", DEMO_PERIOD, { asAt });
    expect(expected).toEqual(annualReport(scenarioWith(outages.slice(0, -1)), "ICT", DEMO_PERIOD, { asAt }));
    expect(await res.json()).toEqual(json({ ...expected, asAt }));
    expect(expected.outages?.outages.find((o) => o.id === open.id)).toMatchObject({ id: open.id });
  });

  it("is taken by default at now, to the second, while the year is still running", async () => {
    await t.store.putSection("3c", "outages", outages, systemActor());
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2025-01-15T10:20:30.456Z"));
      const res = await annual("");
      const asAt = "2025-01-15T10:20:30Z";
      // Both open outages begin after now: neither reaches a day of the year so far.
      const expected = annualReport(scenarioWith(outages), "ICT", DEMO_PERIOD, { asAt });
      expect(expected).toEqual(annualReport(scenarioWith(outages.slice(0, -2)), "ICT", DEMO_PERIOD, { asAt }));
      expect([res.status, await res.json()]).toEqual([200, json({ ...expected, asAt })]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is taken at the asAt asked for, an instant or a date's first instant in UK time", async () => {
    await t.store.putSection("3c", "outages", outages, systemActor());
    for (const [query, asAt] of [
      ["2025-06-30T12:00:00Z", "2025-06-30T12:00:00Z"],
      ["2025-06-30", "2025-06-29T23:00:00Z"],
    ] as const) {
      const res = await annual(`&asAt=${encodeURIComponent(query)}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(
        json({ ...annualReport(scenarioWith(outages), "ICT", DEMO_PERIOD, { asAt }), asAt }),
      );
    }
    // Asked for before both open outages began: they count nothing and are not listed (once 422).
    const beforeAsAt = "2025-03-29T00:00:00Z";
    const before = await annual(`&asAt=${encodeURIComponent(beforeAsAt)}`);
    const plain = annualReport(scenarioWith(outages.slice(0, -2)), "ICT", DEMO_PERIOD, { asAt: beforeAsAt });
    expect([before.status, await before.json()]).toEqual([200, json({ ...plain, asAt: beforeAsAt })]);
    expect((await annual("&asAt=yesterday")).status).toBe(422);
    for (const year of ["2024/25-Q1", "nonsense"]) {
      const res = await t.call("GET", `/v1/partnerships/3c/reports/annual/ICT?year=${year}`, { key: keys.viewerScdc });
      const problem = (await res.json()) as { errors?: { path: string }[] };
      expect([res.status, problem.errors?.map((e) => e.path)]).toEqual([422, ["year"]]);
    }
  });
});

describe("the KPI report with an outage still open", () => {
  // ICT-KPI-1 is the availability the outage log derives: an open outage moves it.
  const open = {
    id: "OUT-OPEN-1",
    start: "2025-03-28T09:00:00Z",
    services: ["ICT"],
    systems: ["Network core"],
    partners: [{ partner: "SCDC", users: 760 }],
    planned: false,
    priority: "P1",
  } as const;
  const later = { ...open, id: "OUT-OPEN-2", start: "2025-06-02T08:00:00+01:00" };
  const outages = [...(demoScenarioDocument.outages ?? []), open, later];
  // The KPI scorecard takes each service's lead at the year's end, as the route does.
  const withOutages = loadScenario({ ...demoScenarioDocument, services: byId(demoScenarioDocument.services), outages });
  afterEach(async () => {
    await t.store.putSection("3c", "outages", demoScenarioDocument.outages, systemActor());
  });
  const kpis = (query: string) =>
    t.call("GET", `/v1/partnerships/3c/reports/kpis?year=2024/25&service=ICT${query}`, { key: keys.viewerScdc });
  const availability = (card: unknown) =>
    (card as ReturnType<typeof kpiScorecard>).kpis.find((k) => k.code === "ICT-KPI-1")?.quarters.at(-1)?.value;

  it("is taken by default at the year's end: 200 with the outage open since 28 March, not 422", async () => {
    await t.store.putSection("3c", "outages", outages, systemActor());
    const res = await kpis("");
    const asAt = "2025-03-31T23:00:00Z";
    const expected = kpiScorecard(withOutages, DEMO_PERIOD, { service: "ICT", asAt });
    const body = await res.json();
    expect([res.status, body]).toEqual([200, json({ ...expected, asAt })]);
    // The open outage counts to the year's end: Q4's availability falls from the stored log's.
    expect(availability(body)).not.toEqual(availability(json(kpiScorecard(stored, DEMO_PERIOD, { service: "ICT" }))));
  });

  it("is taken by default at now, to the second, while the year is still running", async () => {
    await t.store.putSection("3c", "outages", outages, systemActor());
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2025-03-28T10:20:30.456Z"));
      const res = await kpis("");
      const asAt = "2025-03-28T10:20:30Z";
      const expected = kpiScorecard(withOutages, DEMO_PERIOD, { service: "ICT", asAt });
      expect([res.status, await res.json()]).toEqual([200, json({ ...expected, asAt })]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is taken at the asAt asked for, an instant or a date's first instant in UK time, also before the outage began", async () => {
    await t.store.putSection("3c", "outages", outages, systemActor());
    for (const [query, asAt] of [
      ["2025-03-31T17:00:00+01:00", "2025-03-31T17:00:00+01:00"],
      ["2025-03-30", "2025-03-30T00:00:00Z"],
      ["2025-03-28T09:00:00Z", "2025-03-28T09:00:00Z"],
      ["2025-01-15", "2025-01-15T00:00:00Z"],
    ] as const) {
      const res = await kpis(`&asAt=${encodeURIComponent(query)}`);
      const expected = kpiScorecard(withOutages, DEMO_PERIOD, { service: "ICT", asAt });
      expect([res.status, await res.json()]).toEqual([200, json({ ...expected, asAt })]);
    }
    // Before it began (at 09:00Z) the open outage counts nothing: the figures of the stored log at
    // that instant (Q4 read from January and February, the months ended by then).
    const at = "2025-03-28T09:00:00Z";
    const before = await (await kpis(`&asAt=${encodeURIComponent(at)}`)).json();
    expect(before).toEqual(json({ ...kpiScorecard(stored, DEMO_PERIOD, { service: "ICT", asAt: at }), asAt: at }));
    const bad = await kpis("&asAt=yesterday");
    const problem = (await bad.json()) as { errors?: { path: string }[] };
    expect([bad.status, problem.errors?.map((e) => e.path)]).toEqual([422, ["asAt"]]);
  });

  it("reads the log only for the periods ended by now while the year is running, in the scorecard and the annual report", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      // 20 November 2024: Q1 and Q2 have ended, of Q3 only October has, Q4 has not begun.
      vi.setSystemTime(new Date("2024-11-20T12:00:00Z"));
      const res = await kpis("");
      const card = (await res.json()) as ReturnType<typeof kpiScorecard> & { asAt: string };
      const ict = card.kpis.find((k) => k.code === "ICT-KPI-1");
      expect([res.status, card.asAt, ict?.quarters.map((q) => [q.status, q.value?.measurements ?? 0])]).toEqual([
        200,
        "2024-11-20T12:00:00Z",
        [
          ["green", 1],
          ["green", 1],
          ["green", 1],
          ["no-data", 0],
        ],
      ]);
      expect(ict?.predictedYearEnd?.method).toBe("to-date");
      const annual = await t.call("GET", "/v1/partnerships/3c/reports/annual/ICT?year=2024/25", {
        key: keys.viewerScdc,
      });
      const report = (await annual.json()) as ReturnType<typeof annualReport>;
      expect([annual.status, report.kpis?.kpis.find((k) => k.code === "ICT-KPI-1")]).toEqual([200, ict]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes its CSV with the outage open, as the JSON's figures", async () => {
    await t.store.putSection("3c", "outages", outages, systemActor());
    const [jsonRes, csvRes] = await Promise.all([kpis(""), kpis("&format=csv")]);
    const card = (await jsonRes.json()) as ReturnType<typeof kpiScorecard>;
    const rows = Papa.parse<Record<string, string>>(await csvRes.text(), { header: true, skipEmptyLines: true }).data;
    const ict1 = rows.filter((r) => r.kpi === "ICT-KPI-1" && r.partner === "").map((r) => [r.period, r.value]);
    const k = card.kpis.find((x) => x.code === "ICT-KPI-1");
    expect([csvRes.status, ict1]).toEqual([
      200,
      [...(k?.quarters ?? []), ...(k === undefined ? [] : [k.yearToDate])].map((r) => [
        r.period,
        r.value?.display ?? "",
      ]),
    ]);
  });
});

describe("the recharge preview", () => {
  const bare = () =>
    rechargeRun({
      scenario: stored,
      period: "2024/25-Q3",
      statements: {
        numbers: { CCC: "preview/CCC", HDC: "preview/HDC", SCDC: "preview/SCDC" },
        issueDate: parseDate("2024-12-31"),
      },
    });

  it("is what a draft would compute, as the key's partner may see it: its own statement, transfers and position", async () => {
    const res = await t.call("GET", "/v1/partnerships/3c/recharge?period=2024/25-Q3", { key: keys.financeScdc });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const run = bare();
    const own = (t: { from: string; to: string }) => t.from === "SCDC" || t.to === "SCDC";
    expect(body).toEqual(
      json({
        manifest: run.manifest,
        partner: "SCDC",
        period: "2024/25-Q3",
        // SCDC leads no service of the demo: it sees its own statement only.
        statements: run.statements.statements.filter((s) => s.partner === "SCDC"),
        invoices: run.statements.invoices.filter(own),
        positions: run.positions.filter((p) => p.partner === "SCDC"),
        settlement: run.settlement.filter(own),
        basis: "charges",
      }),
    );
    expect(body).not.toHaveProperty("allocation");
  });

  it("shows a lead only its own lines of the statements it issues, totalled as the domain totals them", async () => {
    const res = await t.call("GET", "/v1/partnerships/3c/recharge?period=2024/25-Q3", { key: keys.financeHdc });
    const body = (await res.json()) as {
      statements: (RechargeRun["statements"]["statements"][number] & { view?: { issuer: string } })[];
    };
    const run = bare();
    const others = run.statements.statements.filter(
      (s) => s.partner !== "HDC" && s.lines.some((l) => l.issuer === "HDC"),
    );
    expect(others.length).toBeGreaterThan(0);
    // The demo's statements carry lines of more than one lead: the view must drop the others'.
    expect(others.some((s) => s.lines.some((l) => l.issuer !== "HDC"))).toBe(true);
    expect(body.statements.map((s) => s.partner)).toEqual(
      run.statements.statements.filter((s) => s.partner === "HDC" || others.includes(s)).map((s) => s.partner),
    );
    for (const whole of others) {
      const view = body.statements.find((s) => s.partner === whole.partner);
      const byHdc = whole.byIssuer.find((b) => b.issuer === "HDC");
      const invoice = run.statements.invoices.find((i) => i.from === whole.partner && i.to === "HDC");
      expect(view).toEqual({
        ...(json({
          ...whole,
          type: (byHdc?.total.minor ?? 0) < 0 ? "credit-note" : "invoice",
          lines: whole.lines.filter((l) => l.issuer === "HDC"),
          byIssuer: [byHdc],
          charges: byHdc?.cost,
          incomeNetted: byHdc?.income,
          total: byHdc?.total,
          vat: { currency: "GBP", minor: (invoice?.amount.minor ?? 0) - (byHdc?.total.minor ?? 0) },
          totalWithVat: invoice?.amount,
          retained: [],
        }) as object),
        view: { issuer: "HDC", note: expect.any(String) },
      });
    }
    expect(body.statements.find((s) => s.partner === "HDC")).toEqual(
      json(run.statements.statements.find((s) => s.partner === "HDC")),
    );
  });

  it("stores nothing", async () => {
    const before = await t.store.verifyAudit("3c");
    await t.call("GET", "/v1/partnerships/3c/recharge?period=2024/25-Q3", { key: keys.financeHdc });
    expect(await t.store.listRuns("3c", {})).toEqual([]);
    expect(await t.store.verifyAudit("3c")).toEqual(before);
  });
});

describe("scenario sections over HTTP", () => {
  it("read back what the demo stored", async () => {
    const res = await t.call("GET", "/v1/partnerships/3c/sections/kpis", { key: keys.viewerScdc });
    expect(await res.json()).toEqual(json(demoScenarioDocument.kpis));
  });

  it("refuse a bad section with every problem's path, leaving the stored one", async () => {
    const res = await t.call("PUT", "/v1/partnerships/3c/sections/measurements", {
      key: keys.financeHdc,
      json: [...(demoScenarioDocument.measurements ?? []), { kpi: "NO-SUCH-KPI", period: "2024/25-Q1", value: "1" }],
    });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.length).toBeGreaterThan(0);
    expect(problem.errors.every((e) => e.path.startsWith("measurements"))).toBe(true);
    const after = await t.call("GET", "/v1/partnerships/3c/sections/measurements", { key: keys.viewerScdc });
    expect(await after.json()).toEqual(json(demoScenarioDocument.measurements));
  });

  it("refuse amounts with more decimal places than the currency beside every other problem, in one answer", async () => {
    const stored = demoScenarioDocument.budgets ?? [];
    const first = stored[0];
    if (first === undefined) throw new Error("the demo has budgets");
    const res = await t.call("PUT", "/v1/partnerships/3c/sections/budgets", {
      key: keys.financeHdc,
      json: [
        { ...first, amount: "10.001" },
        ...stored.slice(1),
        { ...first, year: "2025/26", amount: "5.005" },
        { ...first, pool: "nope", year: "2026/27" },
      ],
    });
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    const n = stored.length;
    expect([res.status, problem.code, problem.errors.map((e) => e.path)]).toEqual([
      422,
      "INVALID_INPUT",
      ["budgets[0].amount", `budgets[${n}].amount`, `budgets[${n + 1}].pool`],
    ]);
  });

  it("are changed part by part only by the lead of each part's services: 403 naming every refused part", async () => {
    const stored = demoScenarioDocument.measurements ?? [];
    const legal = stored.findIndex((m) => m.kpi.startsWith("LEGAL"));
    const ict = stored.findIndex((m) => m.kpi.startsWith("ICT"));
    const edit = (i: number) => stored.map((m, j) => (j === i ? { ...m, note: "revised" } : m));
    // HDC leads ICT, CCC leads LEGAL: HDC may revise an ICT measurement, not a LEGAL one.
    const refused = await t.call("PUT", "/v1/partnerships/3c/sections/measurements", {
      key: keys.financeHdc,
      json: edit(legal),
    });
    const problem = (await refused.json()) as { code: string; errors: { path: string; message: string }[] };
    expect([refused.status, problem.code, problem.errors.map((e) => e.path)]).toEqual([
      403,
      "NOT_PERMITTED",
      [`measurements[${legal}]`, `measurements[${legal}]`],
    ]);
    expect(problem.errors[0]?.message).toContain("LEGAL (led by CCC)");
    const after = await t.call("GET", "/v1/partnerships/3c/sections/measurements", { key: keys.viewerScdc });
    expect(await after.json()).toEqual(json(stored));
    const allowed = await t.call("PUT", "/v1/partnerships/3c/sections/measurements", {
      key: keys.financeHdc,
      json: edit(ict),
    });
    expect(allowed.status).toBe(200);
    const back = await t.call("PUT", "/v1/partnerships/3c/sections/measurements", {
      key: keys.financeHdc,
      json: stored,
    });
    expect(back.status).toBe(200);
  });

  it("leave partnership-wide terms to an admin, in effect once every partner consents", async () => {
    const scheme = { kind: "improvement" };
    const finance = await t.call("PUT", "/v1/partnerships/3c/sections/kpiScheme", {
      key: keys.financeHdc,
      json: scheme,
    });
    expect([finance.status, ((await finance.json()) as { errors: { path: string }[] }).errors[0]?.path]).toEqual([
      403,
      "kpiScheme",
    ]);
    const admin = await t.call("PUT", "/v1/partnerships/3c/sections/kpiScheme", {
      key: await t.key("3c", "SCDC", "admin"),
      json: scheme,
    });
    expect(admin.status).toBe(202);
    const { id } = (await admin.json()) as { id: string };
    for (const partner of ["CCC", "HDC", "SCDC"]) {
      const approver = await t.key("3c", partner, "approver", `consent@${partner}`);
      expect((await t.call("POST", `/v1/partnerships/3c/terms/${id}/consent`, { key: approver })).status).toBe(200);
    }
    const unchanged = await t.call("PUT", "/v1/partnerships/3c/sections/kpiScheme", {
      key: keys.financeHdc,
      json: scheme,
    });
    expect(unchanged.status).toBe(200);
  });

  it("refuse with 409 a change to figures of a closed period, while the closed period's unchanged figures stay", async () => {
    const approver = await t.key("3c", "HDC", "approver");
    expect(
      (await t.call("POST", "/v1/partnerships/3c/periods", { key: approver, json: { name: "2023/24" } })).status,
    ).toBe(201);
    expect((await t.call("POST", "/v1/partnerships/3c/periods/2023-24/close", { key: approver })).status).toBe(200);
    const stored = demoScenarioDocument.measurements ?? [];
    const closed = stored.findIndex((m) => m.kpi.startsWith("ICT") && m.period.startsWith("2023/24"));
    const open = stored.findIndex((m) => m.kpi.startsWith("ICT") && m.period.startsWith("2024/25"));
    const edit = (i: number) => stored.map((m, j) => (j === i ? { ...m, note: "revised" } : m));
    const refused = await t.call("PUT", "/v1/partnerships/3c/sections/measurements", {
      key: keys.financeHdc,
      json: edit(closed),
    });
    const problem = (await refused.json()) as { code: string; errors: { path: string }[] };
    expect([refused.status, problem.code, problem.errors.map((e) => e.path)]).toEqual([
      409,
      "PERIOD_CLOSED",
      [`measurements[${closed}]`, `measurements[${closed}]`],
    ]);
    const allowed = await t.call("PUT", "/v1/partnerships/3c/sections/measurements", {
      key: keys.financeHdc,
      json: edit(open),
    });
    expect(allowed.status).toBe(200);
    const back = await t.call("PUT", "/v1/partnerships/3c/sections/measurements", {
      key: keys.financeHdc,
      json: stored,
    });
    expect(back.status).toBe(200);
  });

  it("answer 422 naming the path parameter for a section name that does not exist", async () => {
    const res = await t.call("GET", "/v1/partnerships/3c/sections/nonsense", { key: keys.viewerScdc });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("section");
  });
});
