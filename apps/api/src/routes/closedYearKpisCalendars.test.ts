import { demoScenarioDocument } from "@3c/domain/demo";
import { systemActor } from "@3c/store";
import { describe, expect, it } from "vitest";
import { seedDemo, serviceFromApril2025, useTestApp } from "../testing/index.js";

// The demo with 2024/25 closed: ICT led by HDC, LEGAL and BC by CCC.
const t = useTestApp({
  seed: seedDemo,
  keys: {
    admin: "3c/CCC/admin",
    approver: "3c/HDC/approver",
    approverCcc: "3c/CCC/approver",
    approverScdc: "3c/SCDC/approver",
    financeHdc: "3c/HDC/finance",
    financeCcc: "3c/CCC/finance",
    viewer: "3c/SCDC/viewer",
  },
  per: "test",
});
const { keys } = t;
const base = "/v1/partnerships/3c";
const [office] = demoScenarioDocument.calendars ?? [];
if (office === undefined || office.kind !== "working-hours") throw new Error("the demo has an office-hours calendar");
const availability = demoScenarioDocument.availability;
if (availability === undefined) throw new Error("the demo has availability settings");
/** The closed year's reports that ICT's availability KPI, fed by the outage log, is in. */
const ictKpiReports = [
  "/reports/kpis?year=2024/25",
  "/reports/kpis?year=2024/25&format=csv",
  "/reports/annual/ICT?year=2024-25",
];

const text = async (path: string) => {
  const res = await t.call("GET", `${base}${path}`, { key: keys.viewer });
  expect([path, res.status]).toEqual([path, 200]);
  return res.text();
};
const refused = async (res: Response) => {
  const problem = (await res.json()) as { code: string; errors: { path: string }[] };
  return [res.status, problem.code, problem.errors.map((e) => e.path)];
};
const closeYear = async () => {
  expect((await t.call("POST", `${base}/periods`, { key: keys.approver, json: { name: "2024/25" } })).status).toBe(201);
  expect((await t.call("POST", `${base}/periods/2024-25/close`, { key: keys.approver })).status).toBe(200);
};
/** HR, led by HDC, taking part from April 2025: in the reports of 2025/26 on, none of a closed year. */
const addHr = async () => {
  const json = serviceFromApril2025("HDC");
  expect((await t.call("POST", `${base}/services`, { key: keys.admin, json })).status).toBe(201);
};
const section = (name: string) => text(`/sections/${name}`);
const put = (name: string, json: unknown, key: string) => t.call("PUT", `${base}/sections/${name}`, { key, json });

const kpi = (code: string, service: string, year = "2023/24") => ({
  code,
  name: `${code}, targets only`,
  service,
  unit: "percent",
  polarity: "higher-is-better",
  targets: [{ year, value: "90" }],
});

describe("a KPI in a closed year's scorecard, measured or not", () => {
  const reports = [
    "/reports/kpis?year=2024/25",
    "/reports/kpis?year=2024/25&format=csv",
    "/reports/annual/LEGAL?year=2024-25",
    "/reports/annual/LEGAL?year=2024-25&format=csv",
  ];

  it("is not removed or moved to another service by any write once the year is closed: 409 at the KPI, nothing stored, the reports byte for byte", async () => {
    // A KPI with a target and no measurement: rated "?" in 2024/25, but in its scorecard.
    const added = await t.call("POST", `${base}/kpis`, { key: keys.financeCcc, json: kpi("LEGAL-KPI-9", "LEGAL") });
    expect(added.status).toBe(201);
    const stored = JSON.parse(await section("kpis")) as { code: string; service: string }[];
    const at = stored.findIndex((k) => k.code === "LEGAL-KPI-9");
    expect([at, (await text("/reports/kpis?year=2024/25")).includes("LEGAL-KPI-9")]).toEqual([8, true]);
    await closeYear();
    const before = await Promise.all([...reports, "/sections/kpis"].map(text));

    const without = stored.filter((k) => k.code !== "LEGAL-KPI-9");
    expect(await refused(await put("kpis", without, keys.financeCcc))).toEqual([409, "PERIOD_CLOSED", [`kpis[${at}]`]]);
    const url = `${base}/kpis/LEGAL-KPI-9`;
    expect(await refused(await t.call("DELETE", url, { key: keys.financeCcc }))).toEqual([
      409,
      "PERIOD_CLOSED",
      [`kpis[${at}]`],
    ]);
    // Moved to another service of the same lead: its row would leave LEGAL's annual report.
    const moved = stored.map((k) => (k.code === "LEGAL-KPI-9" ? { ...k, service: "BC" } : k));
    expect(await refused(await put("kpis", moved, keys.financeCcc))).toEqual([
      409,
      "PERIOD_CLOSED",
      [`kpis[${at}].service`],
    ]);
    const { targets: _, ...item } = kpi("LEGAL-KPI-9", "BC");
    expect(await refused(await t.call("PUT", url, { key: keys.financeCcc, json: item }))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["service"],
    ]);
    // Renamed (another code): the old code leaves, and the new one (without a from) joins.
    const renamed = stored.map((k) => (k.code === "LEGAL-KPI-9" ? { ...k, code: "LEGAL-KPI-10" } : k));
    expect(await refused(await put("kpis", renamed, keys.financeCcc))).toEqual([
      409,
      "PERIOD_CLOSED",
      [`kpis[${at}]`, `kpis[${at}]`],
    ]);

    expect(await Promise.all([...reports, "/sections/kpis"].map(text))).toEqual(before);
  });

  it("of a service that starts in an open year is none: its KPIs are added, moved and removed freely, the closed year's reports byte for byte", async () => {
    await closeYear();
    await addHr();
    const before = await Promise.all([...reports, "/reports/annual/ICT?year=2024-25"].map(text));
    const hr = kpi("HR-KPI-1", "HR", "2025/26");
    expect((await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json: hr })).status).toBe(201);
    expect((await t.call("DELETE", `${base}/kpis/HR-KPI-1`, { key: keys.financeHdc })).status).toBe(200);
    const stored = JSON.parse(await section("kpis")) as unknown[];
    expect((await put("kpis", [...stored, hr], keys.financeHdc)).status).toBe(200);
    expect((await put("kpis", stored, keys.financeHdc)).status).toBe(200);
    expect(await Promise.all([...reports, "/reports/annual/ICT?year=2024-25"].map(text))).toEqual(before);
  });
});

describe("a service joining or leaving the calendars with a year closed", () => {
  const legalHours = { ...office, id: "legal-hours", services: ["LEGAL"] };
  const reports = [
    "/reports/kpis?year=2024/25",
    "/reports/annual/LEGAL?year=2024-25",
    "/reports/annual/LEGAL?year=2024-25&format=csv",
    "/reports/annual/BC?year=2024-25",
    "/reports/annual/BC?year=2024-25&format=csv",
    "/reports/annual/ICT?year=2024-25",
  ];

  it("is refused when the closed year's annual report would gain or lose the service's availability: 409 at its place, nothing stored", async () => {
    expect((await t.call("POST", `${base}/calendars`, { key: keys.financeCcc, json: legalHours })).status).toBe(201);
    // LEGAL, with a calendar, has an availability row in its annual report; BC, without, has none.
    const annual = (service: string) => text(`/reports/annual/${service}?year=2024-25`);
    const outages = async (service: string) => (JSON.parse(await annual(service)) as { outages: unknown }).outages;
    expect([(await outages("LEGAL")) === null, await outages("BC")]).toEqual([false, null]);
    await closeYear();
    const before = await Promise.all([...reports, "/sections/calendars"].map(text));

    // LEGAL leaves the calendars: by the section, or by removing its calendar.
    expect(await refused(await put("calendars", [office], keys.financeCcc))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["calendars[1].services[0]"],
    ]);
    expect(await refused(await t.call("DELETE", `${base}/calendars/legal-hours`, { key: keys.financeCcc }))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["calendars[1].services[0]"],
    ]);
    // BC joins: by the section, by an item, by an import.
    const bcHours = { ...office, id: "bc-hours", services: ["BC"] };
    expect(await refused(await put("calendars", [office, legalHours, bcHours], keys.financeCcc))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["calendars[2].services[0]"],
    ]);
    expect(await refused(await t.call("POST", `${base}/calendars`, { key: keys.financeCcc, json: bcHours }))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["services[0]"],
    ]);
    const csv = "id,kind,services,timeZone\nbc-hours,24x7,BC,Europe/London\n";
    const imported = await t.call("POST", `${base}/calendars/import`, { key: keys.financeCcc, text: csv });
    expect((await refused(imported)).slice(0, 2)).toEqual([409, "PERIOD_CLOSED"]);
    const joined = { ...legalHours, services: ["LEGAL", "BC"] };
    expect(
      await refused(await t.call("PUT", `${base}/calendars/legal-hours`, { key: keys.financeCcc, json: joined })),
    ).toEqual([409, "PERIOD_CLOSED", ["services[1]"]]);

    expect(await Promise.all([...reports, "/sections/calendars"].map(text))).toEqual(before);
  });

  it("is allowed for a service that starts in an open year, which gets and gives up its calendar freely", async () => {
    await closeYear();
    await addHr();
    const before = await Promise.all(reports.map(text));
    const hrHours = { ...office, id: "hr-hours", services: ["HR"] };
    expect((await t.call("POST", `${base}/calendars`, { key: keys.financeHdc, json: hrHours })).status).toBe(201);
    expect((await t.call("DELETE", `${base}/calendars/hr-hours`, { key: keys.financeHdc })).status).toBe(200);
    // Joining the office's calendar, then moving to one of other hours: its reports begin in 2025/26.
    expect((await put("calendars", [{ ...office, services: ["ICT", "HR"] }], keys.financeHdc)).status).toBe(200);
    const other = { ...hrHours, to: "16:00" };
    expect((await put("calendars", [office, other], keys.financeHdc)).status).toBe(200);
    expect((await put("calendars", [office], keys.financeHdc)).status).toBe(200);
    expect(await Promise.all(reports.map(text))).toEqual(before);
  });
});

describe("a calendars write in a closed year that changes no figure", () => {
  const reports = [
    "/reports/kpis?year=2024/25",
    "/reports/annual/ICT?year=2024-25",
    "/reports/annual/ICT?year=2024-25&format=csv",
  ];

  it("is stored: the weekdays in another order, a bank holiday on a day not served; the reports byte for byte", async () => {
    await closeYear();
    const before = await Promise.all(reports.map(text));
    const relabelled = {
      ...office,
      weekdays: ["Fri", "Thu", "Wed", "Tue", "Mon"],
      // Saturday 3 May 2025 and Saturday 6 April 2024: no service was agreed on them.
      bankHolidays: [...office.bankHolidays, "2025-05-03", "2024-04-06"],
    };
    expect((await put("calendars", [relabelled], keys.financeHdc)).status).toBe(200);
    expect(JSON.parse(await section("calendars"))).toEqual([relabelled]);
    expect(await Promise.all(reports.map(text))).toEqual(before);
  });

  it("is stored: another name of the calendar's zone (Etc/UTC for UTC); the reports byte for byte", async () => {
    expect((await put("calendars", [{ ...office, timeZone: "UTC" }], keys.financeHdc)).status).toBe(200);
    await closeYear();
    const before = await Promise.all(reports.map(text));
    expect((await put("calendars", [{ ...office, timeZone: "Etc/UTC" }], keys.financeHdc)).status).toBe(200);
    expect(JSON.parse(await section("calendars"))).toEqual([{ ...office, timeZone: "Etc/UTC" }]);
    expect(await Promise.all(reports.map(text))).toEqual(before);
  });

  it("is refused when it changes a figure of the closed year: a bank holiday on a day served, a weekday, the zone", async () => {
    await closeYear();
    const before = await Promise.all([...reports, "/sections/calendars"].map(text));
    for (const changed of [
      { ...office, bankHolidays: [...office.bankHolidays, "2024-04-08"] },
      { ...office, weekdays: ["Mon", "Tue", "Wed", "Thu"] },
      { ...office, timeZone: "UTC" },
    ])
      expect(await refused(await put("calendars", [changed], keys.financeHdc))).toEqual([
        409,
        "PERIOD_CLOSED",
        ["calendars[0]"],
      ]);
    expect(await Promise.all([...reports, "/sections/calendars"].map(text))).toEqual(before);
  });
});

describe("a service's availability KPI or incident target with a year closed", () => {
  const reports = ictKpiReports;

  it("is not removed, replaced or added for a service in the closed year: its KPI's figures there come from the outage log", async () => {
    // ICT-KPI-9: shown (unmeasured) in 2024/25; an incident target would give it readings there.
    expect((await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json: kpi("ICT-KPI-9", "ICT") })).status).toBe(
      201,
    );
    await closeYear();
    const before = await Promise.all([...reports, "/sections/availability"].map(text));
    // Without the map, ICT-KPI-1 would lose every 2024/25 figure (rated "?").
    expect(await refused(await put("availability", { ...availability, kpis: {} }, keys.financeHdc))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["availability.kpis.ICT"],
    ]);
    // ICT-KPI-2 is measured already: a target feeding it from the log is invalid, so 422 comes first.
    const measured = { kpi: "ICT-KPI-2", priority: "P1", withinHours: "4", service: "ICT" };
    const [status, code] = await refused(
      await put("availability", { ...availability, incidentTargets: [measured] }, keys.financeHdc),
    );
    expect([status, code]).toEqual([422, "INVALID_INPUT"]);
    const target = { ...measured, kpi: "ICT-KPI-9" };
    const targeted = await put("availability", { ...availability, incidentTargets: [target] }, keys.financeHdc);
    expect(await refused(targeted)).toEqual([409, "PERIOD_CLOSED", ["availability.incidentTargets[0]"]]);
    expect(await Promise.all([...reports, "/sections/availability"].map(text))).toEqual(before);
  });

  it("is added for a service that starts in an open year", async () => {
    await closeYear();
    await addHr();
    const before = await Promise.all(reports.map(text));
    const hrHours = { ...office, id: "hr-hours", services: ["HR"] };
    expect((await t.call("POST", `${base}/calendars`, { key: keys.financeHdc, json: hrHours })).status).toBe(201);
    const hrKpi = kpi("HR-KPI-1", "HR", "2025/26");
    expect((await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json: hrKpi })).status).toBe(201);
    const kpis = { ...availability.kpis, HR: "HR-KPI-1" };
    expect((await put("availability", { ...availability, kpis }, keys.financeHdc)).status).toBe(200);
    expect(await Promise.all(reports.map(text))).toEqual(before);
  });
});

describe("a service that starts after a closed quarter of its first year", () => {
  it("gets and gives up its calendar and KPIs freely: the closed quarter's reports never held it", async () => {
    const q1 = { name: "2025/26-Q1" };
    expect((await t.call("POST", `${base}/periods`, { key: keys.approver, json: q1 })).status).toBe(201);
    expect((await t.call("POST", `${base}/periods/2025-26-Q1/close`, { key: keys.approver })).status).toBe(200);
    const hr = { ...serviceFromApril2025("HDC"), effectiveFrom: "2025-07-01" };
    expect((await t.call("POST", `${base}/services`, { key: keys.admin, json: hr })).status).toBe(201);
    const hrHours = { ...office, id: "hr-hours", services: ["HR"] };
    expect((await t.call("POST", `${base}/calendars`, { key: keys.financeHdc, json: hrHours })).status).toBe(201);
    expect((await t.call("DELETE", `${base}/calendars/hr-hours`, { key: keys.financeHdc })).status).toBe(200);
    const measure = kpi("HR-KPI-1", "HR", "2025/26");
    expect((await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json: measure })).status).toBe(201);
    expect((await t.call("DELETE", `${base}/kpis/HR-KPI-1`, { key: keys.financeHdc })).status).toBe(200);
  });
});

describe("a KPI added to a service of a closed year", () => {
  const reports = [
    "/reports/kpis?year=2024/25",
    "/reports/kpis?year=2024/25&format=csv",
    "/reports/annual/ICT?year=2024-25",
    "/reports/annual/ICT?year=2024-25&format=csv",
  ];
  const ict = kpi("ICT-KPI-9", "ICT", "2025/26");

  it("is refused without a from, by every write: 409 at the KPI, told to give it a from in an open year, the closed year's reports byte for byte", async () => {
    await closeYear();
    const before = await Promise.all([...reports, "/sections/kpis"].map(text));
    const stored = JSON.parse(await section("kpis")) as unknown[];
    const res = await put("kpis", [...stored, ict], keys.financeHdc);
    const problem = (await res.clone().json()) as { errors: { message: string }[] };
    expect(await refused(res)).toEqual([409, "PERIOD_CLOSED", [`kpis[${stored.length}]`]]);
    expect(problem.errors[0]?.message).toContain("give the KPI a from in an open year");
    const post = await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json: ict });
    expect(await refused(post)).toEqual([409, "PERIOD_CLOSED", [""]]);
    // From the closed year itself: refused at its from.
    const fromClosed = { ...ict, from: "2024/25" };
    expect(await refused(await put("kpis", [...stored, fromClosed], keys.financeHdc))).toEqual([
      409,
      "PERIOD_CLOSED",
      [`kpis[${stored.length}].from`],
    ]);
    expect(await Promise.all([...reports, "/sections/kpis"].map(text))).toEqual(before);
  });

  // (The demo has no 2025/26 quantities, so its 2025/26 reports are refused: the domain's tests show the KPI there.)
  it("is added from an open year: the closed year's reports byte for byte; removed again freely", async () => {
    await closeYear();
    const before = await Promise.all(reports.map(text));
    const added = await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json: { ...ict, from: "2025/26" } });
    expect(added.status).toBe(201);
    expect(await Promise.all(reports.map(text))).toEqual(before);
    expect(await text("/kpis/ICT-KPI-9")).toContain('"from":"2025/26"');
    // Its from moved into the closed year, or taken away: it would join the closed scorecard.
    const { targets: _, ...item } = { ...ict, from: "2024/25" };
    const url = `${base}/kpis/ICT-KPI-9`;
    expect(await refused(await t.call("PUT", url, { key: keys.financeHdc, json: item }))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["from"],
    ]);
    const stored = JSON.parse(await section("kpis")) as { code: string }[];
    const at = stored.findIndex((k) => k.code === "ICT-KPI-9");
    const undated = stored.map((k) => (k.code === "ICT-KPI-9" ? { ...ict } : k));
    expect(await refused(await put("kpis", undated, keys.financeHdc))).toEqual([
      409,
      "PERIOD_CLOSED",
      [`kpis[${at}].from`],
    ]);
    // A later from is an open change.
    const later = stored.map((k) => (k.code === "ICT-KPI-9" ? { ...ict, from: "2026/27" } : k));
    expect((await put("kpis", later, keys.financeHdc)).status).toBe(200);
    expect((await t.call("DELETE", url, { key: keys.financeHdc })).status).toBe(200);
    expect(await Promise.all(reports.map(text))).toEqual(before);
  });
});

describe("a rated field of a KPI shown in a closed year's scorecard", () => {
  const reports = [
    "/reports/kpis?year=2024/25",
    "/reports/kpis?year=2024/25&format=csv",
    "/reports/annual/LEGAL?year=2024-25",
    "/reports/annual/LEGAL?year=2024-25&format=csv",
    "/reports/annual/ICT?year=2024-25",
    "/reports/annual/ICT?year=2024-25&format=csv",
  ];
  const kpisNow = async () => JSON.parse(await section("kpis")) as Record<string, unknown>[];
  const change = async (code: string, over: Record<string, unknown>) => {
    const stored = await kpisNow();
    const at = stored.findIndex((k) => k.code === code);
    const changed = stored.map((k) => (k.code === code ? { ...k, ...over } : k));
    return { at, res: await put("kpis", changed, code.startsWith("ICT") ? keys.financeHdc : keys.financeCcc) };
  };
  const item = (code: string, over: Record<string, unknown>) =>
    kpisNow().then((stored) => {
      const { targets: _, ...k } = stored.find((x) => x.code === code) ?? {};
      return t.call("PUT", `${base}/kpis/${code}`, { key: keys.financeCcc, json: { ...k, ...over } });
    });

  it("that the row prints (name, unit, polarity…) is not changed though the KPI has no figure there: 409 at the field, nothing stored, the reports byte for byte", async () => {
    // Targets only: rated "?" in 2024/25, its name, unit and polarity in the row.
    expect(
      (await t.call("POST", `${base}/kpis`, { key: keys.financeCcc, json: kpi("LEGAL-KPI-9", "LEGAL") })).status,
    ).toBe(201);
    await closeYear();
    const before = await Promise.all([...reports, "/sections/kpis"].map(text));
    for (const over of [{ unit: "count" }, { polarity: "lower-is-better" }, { name: "Another name" }]) {
      const [field] = Object.keys(over);
      const { at, res } = await change("LEGAL-KPI-9", over);
      expect(await refused(res)).toEqual([409, "PERIOD_CLOSED", [`kpis[${at}].${field}`]]);
      expect(await refused(await item("LEGAL-KPI-9", over))).toEqual([409, "PERIOD_CLOSED", [field]]);
    }
    // The availability KPI has no stored measurement, but the outage log rates it in 2024/25 by its display.
    const { at, res } = await change("ICT-KPI-1", { display: { decimals: 3, rounding: "half-even" } });
    expect(await refused(res)).toEqual([409, "PERIOD_CLOSED", [`kpis[${at}].display`]]);
    expect(await Promise.all([...reports, "/sections/kpis"].map(text))).toEqual(before);
  });

  it("is changed for a KPI from an open year, and a figure field for a KPI without figures in the closed year: the reports byte for byte", async () => {
    expect(
      (await t.call("POST", `${base}/kpis`, { key: keys.financeCcc, json: kpi("LEGAL-KPI-9", "LEGAL") })).status,
    ).toBe(201);
    const later = { ...kpi("ICT-KPI-9", "ICT", "2025/26"), from: "2025/26" };
    await closeYear();
    expect((await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json: later })).status).toBe(201);
    const before = await Promise.all(reports.map(text));
    expect((await change("ICT-KPI-9", { unit: "count", name: "Tickets" })).res.status).toBe(200);
    const figures = { tolerance: { kind: "absolute", amount: "5" }, display: { decimals: 2, rounding: "half-up" } };
    expect((await change("LEGAL-KPI-9", figures)).res.status).toBe(200);
    expect((await item("LEGAL-KPI-9", { blue: { kind: "absolute", amount: "5" } })).status).toBe(200);
    expect(await Promise.all(reports.map(text))).toEqual(before);
    const stored = await kpisNow();
    expect(stored.find((k) => k.code === "ICT-KPI-9")).toMatchObject({ unit: "count", name: "Tickets" });
    expect(stored.find((k) => k.code === "LEGAL-KPI-9")).toMatchObject({ ...figures, blue: { amount: "5" } });
  });
});

describe("a service's availability KPI, with the outage log complete from a date", () => {
  const reports = ictKpiReports;
  /** The demo's availability, its log complete from a date (as agreed terms stored whole). */
  const loggedFrom = (day: string) =>
    t.store.putSection("3c", "availability", { ...availability, loggedFrom: day }, systemActor());

  it("is removed when the log feeds no quarter of the closed year: its KPI had no figure from it there, the reports byte for byte", async () => {
    await loggedFrom("2025-04-01");
    await closeYear();
    const before = await Promise.all(reports.map(text));
    expect(
      (await put("availability", { ...availability, loggedFrom: "2025-04-01", kpis: {} }, keys.financeHdc)).status,
    ).toBe(200);
    expect(await Promise.all(reports.map(text))).toEqual(before);
  });

  it("is not removed when the log feeds a quarter of the closed year: 409, nothing stored", async () => {
    // From the middle of Q2: Q3 and Q4 of 2024/25 have readings.
    await loggedFrom("2024-08-15");
    await closeYear();
    const before = await Promise.all([...reports, "/sections/availability"].map(text));
    const res = await put("availability", { ...availability, loggedFrom: "2024-08-15", kpis: {} }, keys.financeHdc);
    expect(await refused(res)).toEqual([409, "PERIOD_CLOSED", ["availability.kpis.ICT"]]);
    expect(await Promise.all([...reports, "/sections/availability"].map(text))).toEqual(before);
  });
});

describe("a service's availability KPI, the log's start moved by terms from an open year", () => {
  it("is not removed while the closed year's terms had the log feed it: 409, as those terms say, not the stored ones", async () => {
    await closeYear();
    // Agreed from 2025/26: the log complete from April 2026. 2024/25 keeps April 2023.
    const later = { ...availability, loggedFrom: "2026-04-01" };
    const proposed = await put("availability", later, keys.admin);
    expect(proposed.status).toBe(202);
    const { id, effectiveFrom } = (await proposed.json()) as { id: string; effectiveFrom: string };
    expect(effectiveFrom).toBe("2025/26");
    for (const key of [keys.approver, keys.approverCcc, keys.approverScdc])
      expect((await t.call("POST", `${base}/terms/${id}/consent`, { key })).status).toBe(200);
    expect(JSON.parse(await section("availability"))).toMatchObject({ loggedFrom: "2026-04-01" });
    const before = await Promise.all(["/reports/kpis?year=2024/25", "/sections/availability"].map(text));
    const res = await put("availability", { ...later, kpis: {} }, keys.financeHdc);
    expect(await refused(res)).toEqual([409, "PERIOD_CLOSED", ["availability.kpis.ICT"]]);
    expect(await Promise.all(["/reports/kpis?year=2024/25", "/sections/availability"].map(text))).toEqual(before);
  });
});

describe("a KPI whose from is not a financial year, with a year closed", () => {
  it("is refused as bad input (422 at its from), not as a change of the closed year, by every write", async () => {
    await closeYear();
    const before = await section("kpis");
    const stored = JSON.parse(before) as Record<string, unknown>[];
    const bad = { ...kpi("ICT-KPI-9", "ICT", "2025/26"), from: "2025" };
    const problem = async (res: Response) => {
      const body = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
      return [res.status, body.code, [...new Set(body.errors.map((e) => e.path))]];
    };
    expect(await problem(await put("kpis", [...stored, bad], keys.financeHdc))).toEqual([
      422,
      "INVALID_INPUT",
      [`kpis[${stored.length}].from`],
    ]);
    expect(await problem(await t.call("POST", `${base}/kpis`, { key: keys.financeHdc, json: bad }))).toEqual([
      422,
      "INVALID_INPUT",
      ["from"],
    ]);
    // A stored KPI of the closed year given such a from.
    const at = stored.findIndex((k) => k.code === "ICT-KPI-1");
    const { targets: _, ...ict } = stored[at] ?? {};
    const url = `${base}/kpis/ICT-KPI-1`;
    expect(await problem(await t.call("PUT", url, { key: keys.financeHdc, json: { ...ict, from: "2025" } }))).toEqual([
      422,
      "INVALID_INPUT",
      ["from"],
    ]);
    const renamed = stored.map((k, i) => (i === at ? { ...k, from: "2025", unit: "count" } : k));
    expect(await problem(await put("kpis", renamed, keys.financeHdc))).toEqual([
      422,
      "INVALID_INPUT",
      [`kpis[${at}].from`],
    ]);
    expect(await section("kpis")).toBe(before);
  });
});

describe("a KPI's name, renamed from a year (names), with 2024/25 closed", () => {
  const closedReports = [
    "/reports/kpis?year=2024/25",
    "/reports/kpis?year=2024/25&format=csv",
    "/reports/annual/LEGAL?year=2024-25",
    "/reports/annual/LEGAL?year=2024-25&format=csv",
  ];
  const oldName = "Litigation cases concluded successfully";
  const newName = "Litigation matters concluded successfully";
  const kpisNow = async () => JSON.parse(await section("kpis")) as Record<string, unknown>[];
  const withLegal = async (over: Record<string, unknown>) => {
    const stored = await kpisNow();
    const at = stored.findIndex((k) => k.code === "LEGAL-KPI-1");
    return { at, kpis: stored.map((k, i) => (i === at ? { ...k, ...over } : k)) };
  };
  const itemPut = async (over: Record<string, unknown>) => {
    const { targets: _, ...k } = (await kpisNow()).find((x) => x.code === "LEGAL-KPI-1") ?? {};
    return t.call("PUT", `${base}/kpis/LEGAL-KPI-1`, { key: keys.financeCcc, json: { ...k, ...over } });
  };
  const nameIn = async (year: string) => {
    const card = JSON.parse(await text(`/reports/kpis?year=${year}`)) as { kpis: { code: string; name: string }[] };
    return card.kpis.find((k) => k.code === "LEGAL-KPI-1")?.name;
  };

  it("is renamed from an open year (2025/26): 200, the closed year's scorecard and annual report byte for byte with the old name, 2025/26's with the new", async () => {
    // The drivers of 2024/25 again for 2025/26, so that year can be reported too.
    const drivers = (demoScenarioDocument.drivers ?? []).map((d) => ({
      ...d,
      period: d.period.replace("2024/25", "2025/26"),
    }));
    await t.store.importRecords("3c", "drivers", drivers, systemActor());
    await closeYear();
    const before = await Promise.all(closedReports.map(text));
    // The scorecard and the annual report print the name; their CSVs give the KPI's code only.
    expect(before.map((r) => r.includes(oldName))).toEqual([true, false, true, false]);
    const { at, kpis } = await withLegal({ names: [{ from: "2025/26", name: newName }] });
    expect((await put("kpis", kpis, keys.financeCcc)).status).toBe(200);
    expect((await kpisNow())[at]).toMatchObject({ name: oldName, names: [{ from: "2025/26", name: newName }] });
    expect(await Promise.all(closedReports.map(text))).toEqual(before);
    expect([await nameIn("2024/25"), await nameIn("2025/26")]).toEqual([oldName, newName]);
    // The renaming from the open year is changed, then taken away again, by the item route: still 200.
    expect((await itemPut({ names: [{ from: "2025/26", name: "Litigation matters won" }] })).status).toBe(200);
    expect(await nameIn("2025/26")).toBe("Litigation matters won");
    expect((await itemPut({ names: [] })).status).toBe(200);
    expect(await nameIn("2025/26")).toBe(oldName);
    expect(await Promise.all(closedReports.map(text))).toEqual(before);
  });

  it("is not renamed from the closed year, nor its name changed while the closed year prints it: 409 at the field, nothing stored", async () => {
    const renamed = await withLegal({ names: [{ from: "2025/26", name: newName }] });
    expect((await put("kpis", renamed.kpis, keys.financeCcc)).status).toBe(200);
    await closeYear();
    const before = await Promise.all([...closedReports, "/sections/kpis"].map(text));
    const { at } = renamed;
    const cases: [Record<string, unknown>, string][] = [
      // A renaming from 2024/25, before or instead of the stored one.
      [{ names: [{ from: "2024/25", name: "Cases won" }] }, "names[0]"],
      [
        {
          names: [
            { from: "2024/25", name: "Cases won" },
            { from: "2025/26", name: newName },
          ],
        },
        "names[0]",
      ],
      // Another name, which 2024/25 prints (the renaming from 2025/26 kept).
      [{ name: "Cases won", names: [{ from: "2025/26", name: newName }] }, "name"],
      [{ name: "Cases won", names: [] }, "name"],
    ];
    for (const [over, field] of cases) {
      const { kpis } = await withLegal(over);
      expect(await refused(await put("kpis", kpis, keys.financeCcc))).toEqual([
        409,
        "PERIOD_CLOSED",
        [`kpis[${at}].${field}`],
      ]);
      expect(await refused(await itemPut(over))).toEqual([409, "PERIOD_CLOSED", [field]]);
    }
    expect(await Promise.all([...closedReports, "/sections/kpis"].map(text))).toEqual(before);
  });
});
