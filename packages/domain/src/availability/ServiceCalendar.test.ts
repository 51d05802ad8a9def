import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CalendarDate, financialYear, parseDate } from "../period/index.js";
import { codeOf } from "../testing/errors.js";
import { parseInstant } from "./instant.js";
import {
  agreedServiceIntervals,
  calendarIntervals,
  periodInterval,
  type ServiceCalendar,
  WEEKDAYS,
  type WorkingHoursCalendar,
} from "./ServiceCalendar.js";
import { totalSeconds } from "./TimeInterval.js";

const d = (text: string): CalendarDate => parseDate(text);
const HOUR = 3600;
const london24x7: ServiceCalendar = { kind: "24x7", timeZone: "Europe/London" };
const officeHours: WorkingHoursCalendar = {
  kind: "working-hours",
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  from: "08:00",
  to: "18:00",
  timeZone: "Europe/London",
  bankHolidays: [d("2024-04-01"), d("2024-05-06"), d("2024-05-27")],
};
const everyDay: WorkingHoursCalendar = { ...officeHours, weekdays: [...WEEKDAYS], bankHolidays: [] };
const oneDay = (c: ServiceCalendar, date: string) => {
  const from = d(date);
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return totalSeconds(calendarIntervals(c, from, d(next.toISOString().slice(0, 10))));
};

describe("calendars across the 2024 clock changes", () => {
  it("makes the 24x7 day 23 hours on 2024-03-31 and 25 hours on 2024-10-27", () => {
    expect(oneDay(london24x7, "2024-03-30")).toBe(24 * HOUR);
    expect(oneDay(london24x7, "2024-03-31")).toBe(23 * HOUR);
    expect(oneDay(london24x7, "2024-10-27")).toBe(25 * HOUR);
    expect(oneDay({ kind: "24x7" }, "2024-10-27")).toBe(25 * HOUR);
  });

  it("keeps a working-hours day at 10 hours on both days", () => {
    expect(oneDay(everyDay, "2024-03-31")).toBe(10 * HOUR);
    expect(oneDay(everyDay, "2024-10-27")).toBe(10 * HOUR);
    expect(calendarIntervals(everyDay, d("2024-10-27"), d("2024-10-28"))).toEqual([
      { start: parseInstant("2024-10-27T08:00:00Z"), end: parseInstant("2024-10-27T18:00:00Z") },
    ]);
    expect(calendarIntervals(everyDay, d("2024-10-26"), d("2024-10-27"))).toEqual([
      { start: parseInstant("2024-10-26T07:00:00Z"), end: parseInstant("2024-10-26T17:00:00Z") },
    ]);
  });

  it("is 24 hours in UTC on those days", () => {
    expect(oneDay({ kind: "24x7", timeZone: "UTC" }, "2024-10-27")).toBe(24 * HOUR);
  });

  it("refuses a window that starts in the skipped hour on a day it serves", () => {
    const early: WorkingHoursCalendar = { ...everyDay, from: "01:30", to: "03:00" };
    expect(codeOf(() => calendarIntervals(early, d("2024-03-31"), d("2024-04-01")))).toBe("NONEXISTENT_LOCAL_TIME");
    expect(oneDay({ ...early, weekdays: ["Mon"] }, "2024-03-31")).toBe(0);
  });
});

describe("agreed service time in a financial period", () => {
  it("gives 62 working days of 10 hours in 2024/25-Q1 less three bank holidays", () => {
    const q1 = agreedServiceIntervals(officeHours, "2024/25-Q1");
    expect(q1).toHaveLength(62);
    expect(totalSeconds(q1)).toBe(2_232_000);
    expect(q1[0]).toEqual({
      start: parseInstant("2024-04-02T08:00:00+01:00"),
      end: parseInstant("2024-04-02T18:00:00+01:00"),
    });
  });

  it("gives a 24x7 financial year 365 days, its two clock changes cancelling", () => {
    expect(totalSeconds(agreedServiceIntervals(london24x7, financialYear(2024)))).toBe(365 * 24 * HOUR);
    expect(totalSeconds(agreedServiceIntervals(london24x7, "2024/25-Q3"))).toBe((92 * 24 + 1) * HOUR);
    expect(periodInterval("2024/25-Q1")).toEqual({
      start: parseInstant("2024-04-01T00:00:00+01:00"),
      end: parseInstant("2024-07-01T00:00:00+01:00"),
    });
  });

  it("never gives more time than the period holds, and drops exactly the bank holidays", () => {
    fc.assert(
      fc.property(
        fc.subarray([...WEEKDAYS], { minLength: 1 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 90 }),
        (weekdays, fromHour, length, holidayOffset) => {
          const to = Math.min(24, fromHour + length);
          const calendar: WorkingHoursCalendar = {
            kind: "working-hours",
            weekdays,
            from: `${String(fromHour).padStart(2, "0")}:00`,
            to: `${String(to).padStart(2, "0")}:00`,
            timeZone: "UTC",
            bankHolidays: [],
          };
          const holiday = new Date(Date.UTC(2024, 3, 1 + holidayOffset)).toISOString().slice(0, 10);
          const plain = totalSeconds(agreedServiceIntervals(calendar, "2024/25-Q1"));
          const withHoliday = totalSeconds(
            agreedServiceIntervals({ ...calendar, bankHolidays: [d(holiday)] }, "2024/25-Q1"),
          );
          expect(plain).toBeLessThanOrEqual(91 * 24 * HOUR);
          expect(plain - withHoliday).toBe(oneDay(calendar, holiday));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("refuses a calendar with no weekdays, a repeated weekday, or a window that ends before it starts", () => {
    expect(codeOf(() => agreedServiceIntervals({ ...officeHours, weekdays: [] }, "2024/25-Q1"))).toBe(
      "INVALID_CALENDAR",
    );
    expect(codeOf(() => agreedServiceIntervals({ ...officeHours, weekdays: ["Mon", "Mon"] }, "2024/25-Q1"))).toBe(
      "INVALID_CALENDAR",
    );
    expect(() => agreedServiceIntervals({ ...officeHours, from: "18:00", to: "08:00" }, "2024/25-Q1")).toThrow(
      /calendar\.to: service ends at 08:00, not after it starts at 18:00/,
    );
    expect(codeOf(() => agreedServiceIntervals({ ...officeHours, timeZone: "Europe/Londres" }, "2024/25-Q1"))).toBe(
      "INVALID_TIME",
    );
  });
});

describe("calendars in zones whose clocks change at midnight", () => {
  it("starts the day at the change when midnight is skipped (America/Santiago, 2024-09-08)", () => {
    const santiago: ServiceCalendar = { kind: "24x7", timeZone: "America/Santiago" };
    expect(oneDay(santiago, "2024-09-08")).toBe(23 * HOUR);
    expect(calendarIntervals(santiago, d("2024-09-08"), d("2024-09-09"))[0]?.start).toBe(
      parseInstant("2024-09-08T04:00:00Z"),
    );
    expect(oneDay(santiago, "2024-04-06")).toBe(25 * HOUR);
  });
});
