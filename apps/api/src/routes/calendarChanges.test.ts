import { calendarIntervals, parseDate, totalSeconds } from "@3c/domain";
import { demoScenarioDocument } from "@3c/domain/demo";
import { systemActor } from "@3c/store";
import { describe, expect, it } from "vitest";
import { seedDemo, serviceFromApril2025, useTestApp } from "../testing/index.js";

// The demo's ICT desk (weekdays 08:00-18:00, led by HDC) with outages in 2024/25; 2024/25 closed,
// then the hours cut to 08:00-17:00 from 1 April 2025.
const t = useTestApp({
  seed: async (app) => {
    await seedDemo(app);
    // The drivers of 2024/25 again for 2025/26, so that year can be reported too.
    const drivers = (demoScenarioDocument.drivers ?? []).map((d) => ({
      ...d,
      period: d.period.replace("2024/25", "2025/26"),
    }));
    await app.store.importRecords("3c", "drivers", drivers, systemActor());
  },
  keys: { financeHdc: "3c/HDC/finance", financeCcc: "3c/CCC/finance", viewer: "3c/SCDC/viewer" },
});
const { keys } = t;
const base = "/v1/partnerships/3c";
const [office] = demoScenarioDocument.calendars ?? [];
if (office === undefined || office.kind !== "working-hours") throw new Error("the demo has an office-hours calendar");
const { id: _id, services: _services, changes: _changes, ...hours } = office;
const from = (effectiveFrom: string, to: string) => ({ ...hours, effectiveFrom, to, bankHolidays: [] });
const put = (calendars: unknown[], key = keys.financeHdc) =>
  t.call("PUT", `${base}/sections/calendars`, { key, json: calendars });
const text = async (path: string) => {
  const res = await t.call("GET", `${base}${path}`, { key: keys.viewer });
  expect(res.status).toBe(200);
  return res.text();
};
const refused = async (res: Response) => {
  const problem = (await res.json()) as { code: string; errors: { path: string }[] };
  return [res.status, problem.code, problem.errors.map((e) => e.path)];
};
/** ICT's agreed seconds in 2025/26: in its annual report, and as the denominator of its availability KPI. */
const agreedIn2025 = async () => {
  const annual = JSON.parse(await text("/reports/annual/ICT?year=2025-26")) as {
    outages: { availability: { agreedSeconds: number }[] };
  };
  const card = JSON.parse(await text("/reports/kpis?year=2025/26&service=ICT")) as {
    kpis: { code: string; yearToDate: { value: { denominator: string } } }[];
  };
  return [
    annual.outages.availability[0]?.agreedSeconds,
    card.kpis.find((k) => k.code === "ICT-KPI-1")?.yearToDate.value.denominator,
  ];
};

describe("a calendar's hours changed from an open year, with the year before closed", () => {
  it("keep the closed year's KPI and annual reports byte for byte, rate the new year by the new hours, and refuse to rewrite the old hours", async () => {
    const approver = await t.key("3c", "HDC", "approver");
    const reports = [
      "/reports/kpis?year=2024/25",
      "/reports/annual/ICT?year=2024-25",
      "/reports/annual/ICT?year=2024-25&format=csv",
    ];
    const before = await Promise.all(reports.map(text));
    expect(await agreedIn2025()).toEqual([2_340_000 + 2 * 2_376_000 + 2_304_000, "9396000"]);
    expect((await t.call("POST", `${base}/periods`, { key: approver, json: { name: "2024/25" } })).status).toBe(201);
    expect((await t.call("POST", `${base}/periods/2024-25/close`, { key: approver })).status).toBe(200);

    // The undated hours are in force from the beginning, so in the closed year: changing them, or
    // cutting them from a day of it, is refused and nothing is stored.
    expect(await refused(await put([{ ...office, to: "17:00" }]))).toEqual([409, "PERIOD_CLOSED", ["calendars[0]"]]);
    expect(await refused(await put([{ ...office, changes: [from("2025-01-06", "17:00")] }]))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["calendars[0].changes[0]"],
    ]);
    // A change from the open year is the lead's to make; another partner's finance user may not.
    expect((await put([{ ...office, changes: [from("2025-04-01", "17:00")] }], keys.financeCcc)).status).toBe(403);
    expect((await put([{ ...office, changes: [from("2025-04-01", "17:00")] }])).status).toBe(200);

    expect(await Promise.all(reports.map(text))).toEqual(before);
    // 2025/26's ICT availability, in its annual report and its KPI, is over the same days, 9 hours each instead of 10.
    const nine = totalSeconds(
      calendarIntervals(
        { ...hours, to: "17:00", bankHolidays: hours.bankHolidays.map((d) => parseDate(d)) },
        parseDate("2025-04-01"),
        parseDate("2026-04-01"),
      ),
    );
    expect([nine, await agreedIn2025()]).toEqual([8_456_400, [8_456_400, "8456400"]]);

    // The old hours stay the closed year's: changing them, or dropping the change's date earlier, is refused.
    expect(await refused(await put([{ ...office, from: "09:00", changes: [from("2025-04-01", "17:00")] }]))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["calendars[0]"],
    ]);
    expect(await refused(await put([{ ...office, changes: [from("2025-03-03", "17:00")] }]))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["calendars[0].changes[0]"],
    ]);
    // The new year's hours are still the lead's to change.
    expect((await put([{ ...office, changes: [from("2025-04-01", "16:00")] }])).status).toBe(200);
    expect(await Promise.all(reports.map(text))).toEqual(before);
  });
});

describe("a calendar's changes of hours in a CSV import", () => {
  it("are read from the calendars layout's changes column and stored with the calendar", async () => {
    // 2024/25 is closed (above): a service joining the calendars then is one from an open year.
    await t.store.createService("3c", serviceFromApril2025("CCC"), systemActor());
    const changes = [{ effectiveFrom: "2025-04-01", kind: "24x7", timeZone: "UTC" }];
    const cell = `"${JSON.stringify(changes).replaceAll('"', '""')}"`;
    const csv = `id,kind,services,timeZone,changes\nlegal-hours,24x7,HR,Europe/London,${cell}\n`;
    const res = await t.call("POST", `${base}/calendars/import`, { key: keys.financeCcc, text: csv });
    expect([res.status, await res.json()]).toEqual([201, { kind: "calendars", imported: 1, ids: ["legal-hours"] }]);
    const stored = (await (await t.call("GET", `${base}/sections/calendars`, { key: keys.viewer })).json()) as {
      id: string;
    }[];
    expect(stored.find((c) => c.id === "legal-hours")).toEqual({
      id: "legal-hours",
      kind: "24x7",
      services: ["HR"],
      timeZone: "Europe/London",
      changes,
    });
  });
});
