import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  type CalendarDate,
  daysInMonth,
  fromEpochDay,
  isCalendarDate,
  parseDate,
  toEpochDay,
} from "./CalendarDate.js";
import {
  financialYear,
  parsePeriod,
  periodContains,
  periodKey,
  periodOf,
  samePeriodLastYear,
  shiftPeriod,
  subdivide,
} from "./FinancialPeriod.js";

const dateArb = fc
  .integer({ min: toEpochDay("1990-01-01" as CalendarDate), max: toEpochDay("2100-12-31" as CalendarDate) })
  .map(fromEpochDay);

// The reference isCalendarDate is read against: the pattern, then the days of the month.
function referenceIsCalendarDate(text: unknown): boolean {
  if (typeof text !== "string") return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// Text shaped like a date, each character drawn from digits and a few near misses.
const dateLikeArb = fc
  .array(fc.constantFrom(..."0123456789-/ +.a\u0660"), { minLength: 8, maxLength: 12 })
  .map((cs) => cs.join(""));
// Well-formed YYYY-MM-DD around the edges: months 0–13, days 0–32, leap and common years.
const nearDateArb = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);

describe("calendar dates", () => {
  it("judges any text exactly as the date pattern and the days of its month do", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), dateLikeArb, nearDateArb, dateArb, fc.anything()), (text) => {
        expect(isCalendarDate(text)).toBe(referenceIsCalendarDate(text));
      }),
      { numRuns: 1000 },
    );
    for (const text of ["0000-01-01", "9999-12-31", "2024-00-10", "2024-12-00", "2024-1a-01", "2024-01-01 "])
      expect(isCalendarDate(text)).toBe(referenceIsCalendarDate(text));
  });

  it("accepts real dates only", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("2000-02-29")).toBe(true);
    expect(isCalendarDate("1900-02-29")).toBe(false);
    expect(isCalendarDate("2024-04-31")).toBe(false);
    expect(isCalendarDate("2024-4-1")).toBe(false);
    expect(() => parseDate("2024-13-01", "costLines[2].date")).toThrow(
      /^costLines\[2\]\.date: "2024-13-01" is not a calendar date/,
    );
  });

  it("counts days without time zones", () => {
    expect(toEpochDay("1970-01-01" as CalendarDate)).toBe(0);
    expect(addDays("2024-02-28" as CalendarDate, 1)).toBe("2024-02-29");
    expect(addDays("2025-03-31" as CalendarDate, 1)).toBe("2025-04-01");
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        expect(fromEpochDay(toEpochDay(d))).toBe(d);
        expect(toEpochDay(addDays(d, n)) - toEpochDay(d)).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("UK financial periods", () => {
  it("runs the year from 1 April to 31 March, as a half-open interval", () => {
    const y = parsePeriod("2024/25");
    expect([y.start, y.end]).toEqual(["2024-04-01", "2025-04-01"]);
    expect(periodContains(y, "2025-03-31" as CalendarDate)).toBe(true);
    expect(periodContains(y, "2025-04-01" as CalendarDate)).toBe(false);
    expect(parsePeriod("2099/00").end).toBe("2100-04-01");
  });

  it("names quarters from April and months from P1 = April", () => {
    expect(parsePeriod("2024/25-Q1")).toMatchObject({ start: "2024-04-01", end: "2024-07-01" });
    expect(parsePeriod("2024/25-Q3")).toMatchObject({ start: "2024-10-01", end: "2025-01-01" });
    expect(parsePeriod("2024/25-Q4")).toMatchObject({ start: "2025-01-01", end: "2025-04-01" });
    expect(parsePeriod("2024/25-P1")).toMatchObject({ name: "2024/25-P1", start: "2024-04-01", end: "2024-05-01" });
    expect(parsePeriod("2024/25-P09")).toMatchObject({ name: "2024/25-P9", start: "2024-12-01", end: "2025-01-01" });
    expect(parsePeriod("2024/25-P10").start).toBe("2025-01-01");
    expect(parsePeriod("2024/25-P12")).toMatchObject({ start: "2025-03-01", end: "2025-04-01" });
  });

  it("rejects malformed names with the expected forms", () => {
    for (const bad of ["2024/26", "2024-25", "2024/25-Q5", "2024/25-P13", "2024/25-P0", "24/25", ""]) {
      expect(() => parsePeriod(bad, "period")).toThrow(/expected a year such as 2024\/25/);
    }
  });

  it("finds the period of each kind containing a date", () => {
    expect(periodOf("2025-03-31" as CalendarDate, "year").name).toBe("2024/25");
    expect(periodOf("2025-04-01" as CalendarDate, "year").name).toBe("2025/26");
    expect(periodOf("2024-10-03" as CalendarDate, "quarter").name).toBe("2024/25-Q3");
    expect(periodOf("2025-01-15" as CalendarDate, "month").name).toBe("2024/25-P10");
    fc.assert(
      fc.property(dateArb, fc.constantFrom("year", "quarter", "month" as const), (d, kind) => {
        const p = periodOf(d, kind);
        expect(periodContains(p, d)).toBe(true);
        expect(parsePeriod(p.name)).toEqual(p);
        expect(periodKey(d, kind)).toBe(periodKey(p.start, kind));
        expect(periodKey(p.end, kind)).toBe(periodKey(p.start, kind) + 1);
      }),
      { numRuns: 1000 },
    );
  });

  it("divides a year into quarters and months that tile it", () => {
    const y = financialYear(2024);
    const quarters = subdivide(y, "quarter");
    expect(quarters.map((q) => q.name)).toEqual(["2024/25-Q1", "2024/25-Q2", "2024/25-Q3", "2024/25-Q4"]);
    const months = subdivide(y, "month");
    expect(months).toHaveLength(12);
    for (const [i, m] of months.entries()) expect(m.start).toBe(i === 0 ? y.start : months[i - 1]?.end);
    expect(months[11]?.end).toBe(y.end);
    expect(() => subdivide(parsePeriod("2024/25-Q1"), "year")).toThrow(/Cannot divide/);
  });

  it("moves between periods and finds the same period last year", () => {
    expect(shiftPeriod(parsePeriod("2024/25-Q4"), 1).name).toBe("2025/26-Q1");
    expect(shiftPeriod(parsePeriod("2024/25-P1"), -1).name).toBe("2023/24-P12");
    expect(samePeriodLastYear(parsePeriod("2024/25-Q3")).name).toBe("2023/24-Q3");
    expect(samePeriodLastYear(parsePeriod("2024/25")).name).toBe("2023/24");
  });
});
