import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMoney } from "../money/index.js";
import { addDays, type CalendarDate, parseDate } from "../period/index.js";
import { codeOf } from "../testing/errors.js";
import { type AvailabilityOptions, availability } from "./availability.js";
import { incidentResolution } from "./incidentResolution.js";
import { formatInstant, parseInstant } from "./instant.js";
import type { Outage } from "./Outage.js";
import { type OutageCostSettings, outageCost } from "./outageCost.js";
import { parseAvailability } from "./parseAvailability.js";
import {
  calendarIntervals,
  calendarOn,
  calendarSpan,
  checkCalendar,
  type ServiceCalendar,
  type WorkingHoursCalendar,
} from "./ServiceCalendar.js";
import { totalSeconds } from "./TimeInterval.js";
import { officeHours } from "./workedExample.js";

const HOUR = 3600;
const d = (text: string): CalendarDate => parseDate(text);

// The service desk's hours: 08:00-18:00 on weekdays, then 08:00-17:00 from Saturday 1 November 2025.
const tenHours: WorkingHoursCalendar = {
  kind: "working-hours",
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  from: "08:00",
  to: "18:00",
  timeZone: "Europe/London",
  bankHolidays: [d("2025-12-25"), d("2025-12-26")],
};
const desk: ServiceCalendar = { ...tenHours, changes: [{ ...tenHours, effectiveFrom: d("2025-11-01"), to: "17:00" }] };

const outage = (id: string, start: string, end: string): Outage => ({
  id,
  start,
  end,
  services: ["DESK"],
  systems: [],
  partners: [{ partner: "CCC", users: 100 }],
  planned: false,
  priority: "P2",
});
// 2025/26-Q3: one outage under the old hours, one under the new, one over the weekend of the change.
const log: Outage[] = [
  outage("O1", "2025-10-06T16:30:00+01:00", "2025-10-06T18:00:00+01:00"), // Monday, 1.5 h of 08:00-18:00
  outage("O2", "2025-11-03T16:30:00Z", "2025-11-03T18:00:00Z"), // Monday, 0.5 h of 08:00-17:00
  outage("O3", "2025-10-31T17:00:00Z", "2025-11-03T09:00:00Z"), // Friday 17:00-18:00 old, Monday 08:00-09:00 new
];
const options = (calendar: ServiceCalendar): AvailabilityOptions => ({
  calendars: { DESK: calendar },
  partners: ["CCC"],
  planned: "count",
  percent: { places: 2, rounding: "half-even" },
});
const cost = (window: ServiceCalendar): OutageCostSettings => ({
  rate: { kind: "hourly", perHour: parseMoney("20", "GBP") },
  productivityImpact: "1",
  window,
  planned: "include",
  rounding: "half-even",
});

describe("calendars in force from a date", () => {
  it("gives each date the hours in force on it", () => {
    expect(calendarOn(desk, d("2025-10-31"))).toEqual(tenHours);
    expect(calendarOn(desk, d("2025-11-01"))).toEqual({ ...tenHours, to: "17:00" });
    expect(calendarOn(officeHours, d("2030-01-01"))).toEqual(officeHours);
  });

  it("agrees 23 days of 10 hours in October 2025 and 41 of 9 hours in November and December", () => {
    expect(totalSeconds(calendarIntervals(desk, d("2025-10-01"), d("2026-01-01")))).toBe(2_156_400);
    expect(totalSeconds(calendarIntervals(tenHours, d("2025-10-01"), d("2026-01-01")))).toBe(2_304_000);
    expect(calendarIntervals(desk, d("2025-10-31"), d("2025-11-04"))).toEqual([
      { start: parseInstant("2025-10-31T08:00:00Z"), end: parseInstant("2025-10-31T18:00:00Z") },
      { start: parseInstant("2025-11-03T08:00:00Z"), end: parseInstant("2025-11-03T17:00:00Z") },
    ]);
  });

  it("moves a 24x7 day to a new zone at the new zone's midnight, the earlier hours keeping any overlap", () => {
    const utc: ServiceCalendar = { kind: "24x7", timeZone: "UTC" };
    const ny: ServiceCalendar = { kind: "24x7", timeZone: "America/New_York" };
    const west: ServiceCalendar = { ...utc, changes: [{ ...ny, effectiveFrom: d("2025-06-01") }] };
    expect(calendarIntervals(west, d("2025-05-31"), d("2025-06-02"))).toEqual([
      { start: parseInstant("2025-05-31T00:00:00Z"), end: parseInstant("2025-06-01T00:00:00Z") },
      { start: parseInstant("2025-06-01T04:00:00Z"), end: parseInstant("2025-06-02T04:00:00Z") },
    ]);
    expect(calendarSpan(west, d("2025-05-31"), d("2025-06-02"))).toEqual({
      start: parseInstant("2025-05-31T00:00:00Z"),
      end: parseInstant("2025-06-02T04:00:00Z"),
    });
    const east: ServiceCalendar = { ...ny, changes: [{ ...utc, effectiveFrom: d("2025-06-01") }] };
    expect(calendarIntervals(east, d("2025-05-31"), d("2025-06-02"))).toEqual([
      { start: parseInstant("2025-05-31T04:00:00Z"), end: parseInstant("2025-06-01T04:00:00Z") },
      { start: parseInstant("2025-06-01T04:00:00Z"), end: parseInstant("2025-06-02T00:00:00Z") },
    ]);
  });

  it("refuses changes out of date order, two on one day, a bad date and bad hours, at their paths", () => {
    const change = { ...tenHours, effectiveFrom: d("2025-11-01") };
    const fails = (c: ServiceCalendar) => {
      try {
        checkCalendar(c);
      } catch (error) {
        return [codeOf(() => checkCalendar(c)), (error as { path?: string }).path];
      }
      return undefined;
    };
    expect(fails({ ...tenHours, changes: [change, { ...change, effectiveFrom: d("2025-10-01") }] })).toEqual([
      "INVALID_CALENDAR",
      "calendar.changes[1].effectiveFrom",
    ]);
    expect(fails({ ...tenHours, changes: [change, change] })).toEqual([
      "INVALID_CALENDAR",
      "calendar.changes[1].effectiveFrom",
    ]);
    expect(fails({ ...tenHours, changes: [{ ...change, effectiveFrom: "2025-02-30" as CalendarDate }] })).toEqual([
      "INVALID_CALENDAR",
      "calendar.changes[0].effectiveFrom",
    ]);
    expect(fails({ ...tenHours, changes: [{ ...change, weekdays: [] }] })).toEqual([
      "INVALID_CALENDAR",
      "calendar.changes[0].weekdays",
    ]);
  });
});

describe("availability and outage cost across a change of hours (2025/26-Q3)", () => {
  it("agrees the old hours before the change and the new after, splitting the outage over it", () => {
    const [row] = availability(log, "2025/26-Q3", options(desk)).rows;
    // 1.5 h (O1) + 0.5 h (O2) + 1 h + 1 h (O3) of 23 × 10 h + 41 × 9 h
    expect([row?.agreedSeconds, row?.downtimeSeconds, row?.availableSeconds]).toEqual([2_156_400, 4 * HOUR, 2_142_000]);
    expect(row?.availability).toEqual({ numerator: "595", denominator: "599" });
    expect(row?.percent).toBe("99.33");
    expect(row?.outages.map((o) => [o.id, o.inServiceSeconds])).toEqual([
      ["O1", 1.5 * HOUR],
      ["O3", 2 * HOUR],
      ["O2", 0.5 * HOUR],
    ]);
    const [old] = availability(log, "2025/26-Q3", options(tenHours)).rows;
    expect([old?.agreedSeconds, old?.downtimeSeconds, old?.percent]).toEqual([2_304_000, 5 * HOUR, "99.22"]);
  });

  it("costs the hours lost under the hours in force on each day", () => {
    const report = outageCost(log, "2025/26-Q3", cost(desk));
    // 100 users × £20 an hour × 1.5 h, 2 h, 0.5 h
    expect(report.outages.map((o) => [o.id, o.cost.minor])).toEqual([
      ["O1", 300_000],
      ["O3", 400_000],
      ["O2", 100_000],
    ]);
    expect(outageCost(log, "2025/26-Q3", cost(tenHours)).outages.map((o) => o.cost.minor)).toEqual([
      300_000, 400_000, 300_000,
    ]);
  });

  it("times an incident on the service clock by the hours in force on each day", () => {
    // Monday 16:30 to Tuesday 08:30: 0.5 h + 0.5 h of 08:00-17:00, but 1.5 h + 0.5 h of 08:00-18:00.
    const incident = { ...outage("I1", "2025-11-03T16:30:00Z", "2025-11-04T08:30:00Z") };
    const targets = [{ kpi: "fix", priority: "P2" as const, withinSeconds: HOUR, clock: "service" as const }];
    expect(incidentResolution([incident], "2025/26-Q3", { targets, calendars: { DESK: desk } }).rows[0]?.met).toBe(1);
    expect(incidentResolution([incident], "2025/26-Q3", { targets, calendars: { DESK: tenHours } }).rows[0]?.met).toBe(
      0,
    );
  });
  it("times an incident on the service clock on the days of a change's own zone", () => {
    // From 2025-06-01 in Auckland (UTC+12 in June): 2025-06-05T12:00Z is already Friday 6 June there.
    const moved: ServiceCalendar = {
      kind: "24x7",
      timeZone: "UTC",
      changes: [{ kind: "24x7", timeZone: "Pacific/Auckland", effectiveFrom: d("2025-06-01") }],
    };
    const incident = outage("I2", "2025-06-05T12:00:00Z", "2025-06-05T13:00:00Z");
    const within = (seconds: number) =>
      incidentResolution([incident], "2025/26-Q1", {
        targets: [{ kpi: "fix", priority: "P2", withinSeconds: seconds, clock: "service" }],
        calendars: { DESK: moved },
      }).rows[0]?.met;
    expect([within(HOUR / 2), within(HOUR)]).toEqual([0, 1]);
  });
});

describe("calendar changes in a document", () => {
  const doc = (changes: unknown[]) => ({
    calendars: [{ id: "desk", ...tenHours, services: ["DESK"], changes }],
  });

  it("reads them into the calendar of each service and of each id", () => {
    const result = parseAvailability(doc([{ ...tenHours, effectiveFrom: "2025-11-01", to: "17:00" }]));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.calendars.DESK).toEqual(desk);
    expect(result.value.calendarsById.desk).toEqual(desk);
  });

  it("reports changes out of order, two on one day and hours that end before they start, at their paths", () => {
    const result = parseAvailability(
      doc([
        { ...tenHours, effectiveFrom: "2026-04-01" },
        { ...tenHours, effectiveFrom: "2026-04-01" },
        { ...tenHours, effectiveFrom: "2025-04-01", from: "18:00", to: "08:00" },
        { kind: "24x7", effectiveFrom: "2025-13-01" },
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual([
      "calendars[0].changes[3].effectiveFrom",
      "calendars[0].changes[1].effectiveFrom",
      "calendars[0].changes[2].to",
      "calendars[0].changes[2].effectiveFrom",
    ]);
    expect(result.issues[1]?.message).toBe("changes[0] already takes effect on 2026-04-01; one change a day");
    expect(result.issues[3]?.message).toBe("2025-04-01 is before 2026-04-01 (changes[1]); list changes in date order");
  });
});

// Outages around 2024/25-Q1 on a 24x7 UTC or office-hours London service.
const Q1_START = 1_711_929_600; // 2024-04-01T00:00:00Z
const outageArb = fc
  .record({
    offset: fc.integer({ min: -2 * 86_400, max: 95 * 86_400 }),
    length: fc.integer({ min: 0, max: 5 * 86_400 }),
    planned: fc.boolean(),
  })
  .map(
    ({ offset, length, planned }): Outage => ({
      id: `O${offset}-${length}-${planned}`,
      start: formatInstant(Q1_START + offset),
      end: formatInstant(Q1_START + offset + length),
      services: ["DESK"],
      systems: [],
      partners: [{ partner: "CCC", users: 7 }],
      planned,
      priority: "P2",
      resolvedAt: formatInstant(Q1_START + offset + length),
    }),
  );

describe("calendar changes: properties", () => {
  it("give exactly the figures of the calendar without them when every change repeats the first hours", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(outageArb, { maxLength: 6, selector: (o) => o.id }),
        fc.constantFrom<ServiceCalendar>({ kind: "24x7", timeZone: "UTC" }, officeHours, { kind: "24x7" }),
        fc.uniqueArray(fc.integer({ min: -30, max: 120 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom("2024/25-Q1", "2024/25-Q2", "2023/24-Q4"),
        (outages, calendar, days, period) => {
          const changes = [...days]
            .sort((a, b) => a - b)
            .map((n) => ({ ...calendar, effectiveFrom: addDays(d("2024-04-01"), n) }));
          const dated: ServiceCalendar = { ...calendar, changes };
          expect(availability(outages, period, options(dated))).toEqual(
            availability(outages, period, options(calendar)),
          );
          expect(outageCost(outages, period, { ...cost(dated), catchUpHours: "0.5" })).toEqual(
            outageCost(outages, period, { ...cost(calendar), catchUpHours: "0.5" }),
          );
          const targets = [{ kpi: "fix", priority: "P2" as const, withinSeconds: 3 * HOUR, clock: "service" as const }];
          expect(incidentResolution(outages, period, { targets, calendars: { DESK: dated } })).toEqual(
            incidentResolution(outages, period, { targets, calendars: { DESK: calendar } }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("change only the days from the change: before it the figures are the first hours' alone", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 180 }), fc.integer({ min: 0, max: 180 }), (start, length) => {
        const from = addDays(d("2024-04-01"), start);
        const changed: ServiceCalendar = {
          ...officeHours,
          changes: [{ ...officeHours, effectiveFrom: from, to: "17:00" }],
        };
        const until = addDays(d("2024-04-01"), Math.min(start, length));
        expect(calendarIntervals(changed, d("2024-04-01"), until)).toEqual(
          calendarIntervals(officeHours, d("2024-04-01"), until),
        );
      }),
      { numRuns: 200 },
    );
  });
});
