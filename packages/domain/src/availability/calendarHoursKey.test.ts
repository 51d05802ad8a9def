import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type CalendarDate, parseDate } from "../period/index.js";
import { bankHolidayCounts, calendarHoursKey } from "./calendarHoursKey.js";
import { calendarIntervals, WEEKDAYS, type Weekday, type WorkingHoursCalendar } from "./ServiceCalendar.js";

const d = (text: string): CalendarDate => parseDate(text);
const weekdays: WorkingHoursCalendar = {
  kind: "working-hours",
  weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
  from: "08:00",
  to: "18:00",
  timeZone: "Europe/London",
  bankHolidays: [d("2025-05-05")],
};
const YEAR = [d("2025-04-01"), d("2026-04-01")] as const;

describe("calendarHoursKey", () => {
  it("is the same for weekdays in another order and for 24x7 hours with the default zone written out", () => {
    expect(calendarHoursKey({ ...weekdays, weekdays: ["Fri", "Thu", "Wed", "Tue", "Mon"] })).toBe(
      calendarHoursKey(weekdays),
    );
    expect(calendarHoursKey({ kind: "24x7" })).toBe(calendarHoursKey({ kind: "24x7", timeZone: "Europe/London" }));
  });

  it("reads the window as the domain does: a time written with its seconds is the same time", () => {
    const withSeconds = { ...weekdays, from: "08:00:00", to: "18:00:00" };
    expect(calendarHoursKey(withSeconds)).toBe(calendarHoursKey(weekdays));
    expect(calendarIntervals(withSeconds, ...YEAR)).toEqual(calendarIntervals(weekdays, ...YEAR));
    expect(calendarHoursKey({ ...weekdays, from: "08:00:01" })).not.toBe(calendarHoursKey(weekdays));
    // Not a time: kept as written, so any change of it counts.
    expect(calendarHoursKey({ ...weekdays, from: "8am" })).not.toBe(calendarHoursKey({ ...weekdays, from: "9am" }));
  });

  it("differs for another window, another weekday, another zone or another kind", () => {
    const keys = [
      weekdays,
      { ...weekdays, to: "17:00" },
      { ...weekdays, weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as Weekday[] },
      { ...weekdays, timeZone: "UTC" },
      { kind: "24x7" as const },
      { kind: "24x7" as const, timeZone: "UTC" },
    ].map(calendarHoursKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("reads another name of the same zone as that zone, whose agreed time is the same on every day", () => {
    const pairs = [
      ["UTC", "Etc/UTC"],
      ["UTC", "Etc/Zulu"],
      ["GB", "Europe/Belfast"],
      ["Asia/Kolkata", "Asia/Calcutta"],
      ["Europe/Paris", "europe/paris"],
    ] as const;
    for (const [a, b] of pairs) {
      const [x, y] = [
        { ...weekdays, timeZone: a },
        { ...weekdays, timeZone: b },
      ];
      expect([a, b, calendarHoursKey(x)]).toEqual([a, b, calendarHoursKey(y)]);
      expect(calendarIntervals(x, ...YEAR)).toEqual(calendarIntervals(y, ...YEAR));
      expect(calendarHoursKey({ kind: "24x7", timeZone: a })).toBe(calendarHoursKey({ kind: "24x7", timeZone: b }));
    }
    // An alias of London is read from the runtime's data, Europe/London by the built-in rule: kept apart.
    // Another zone is another zone, though its offsets agree; an unknown name stays as written.
    const apart = ["Europe/London", "GB", "Europe/Paris", "Europe/Berlin", "Nowhere/Else", "Nowhere/Other"];
    const keys = apart.map((timeZone) => calendarHoursKey({ ...weekdays, timeZone }));
    expect(new Set(keys).size).toBe(apart.length);
  });

  it("leaves out only what changes no agreed time: hours with one key and the same counting holidays agree on every day (property)", () => {
    const day = fc.integer({ min: 0, max: 364 }).map((n) => addDays(YEAR[0], n));
    fc.assert(
      fc.property(
        fc.subarray([...WEEKDAYS], { minLength: 1 }),
        fc.array(day, { maxLength: 8 }),
        fc.array(day, { maxLength: 8 }),
        (served, holidays, extra) => {
          const a: WorkingHoursCalendar = { ...weekdays, weekdays: served, bankHolidays: [...new Set(holidays)] };
          // The same weekdays reversed, and more holidays on days that bankHolidayCounts says do not count.
          const uncounted = extra.filter((x) => !bankHolidayCounts({ ...a, bankHolidays: [x] }, x));
          const b: WorkingHoursCalendar = {
            ...a,
            weekdays: [...served].reverse(),
            bankHolidays: [...new Set([...holidays, ...uncounted])],
          };
          expect(calendarHoursKey(b)).toBe(calendarHoursKey(a));
          expect(calendarIntervals(b, ...YEAR)).toEqual(calendarIntervals(a, ...YEAR));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("bankHolidayCounts", () => {
  it("counts a holiday on a served weekday only", () => {
    const saturday = d("2025-05-03");
    const both = { ...weekdays, bankHolidays: [d("2025-05-05"), saturday] };
    expect([
      bankHolidayCounts(both, d("2025-05-05")),
      bankHolidayCounts(both, saturday),
      bankHolidayCounts(both, d("2025-05-06")),
      bankHolidayCounts({ kind: "24x7" }, d("2025-05-05")),
    ]).toEqual([true, false, false, false]);
  });
});
