import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CalendarDate, fromEpochDay, periodOf, shiftPeriod, subdivide, toEpochDay } from "../period/index.js";
import { firstLoggedQuarter } from "./firstLoggedQuarter.js";

const day = fc
  .integer({ min: toEpochDay("2000-01-01" as CalendarDate), max: toEpochDay("2040-12-31" as CalendarDate) })
  .map(fromEpochDay);

describe("firstLoggedQuarter", () => {
  it("is a quarter's first day, on or after the day, and no quarter begins between them", () => {
    expect(firstLoggedQuarter("2023-05-10" as CalendarDate)).toBe("2023-07-01");
    expect(firstLoggedQuarter("2023-04-01" as CalendarDate)).toBe("2023-04-01");
    expect(firstLoggedQuarter("2024-03-31" as CalendarDate)).toBe("2024-04-01");
    fc.assert(
      fc.property(day, (d) => {
        const first = firstLoggedQuarter(d);
        const year = periodOf(d, "year");
        // Every quarter of the day's year and the years either side: read from the log exactly when it begins on or after the day.
        const quarters = [-1, 0, 1].flatMap((k) => subdivide(shiftPeriod(year, k), "quarter"));
        for (const q of quarters) expect(q.start >= first).toBe(q.start >= d);
        expect(quarters.some((q) => q.start === first)).toBe(true);
      }),
    );
  });
});
