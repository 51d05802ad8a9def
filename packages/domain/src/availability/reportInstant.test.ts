import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../testing/errors.js";
import { formatInstant, parseInstant } from "./instant.js";
import { localDateOf } from "./localTime.js";
import { reportInstant } from "./reportInstant.js";
import { periodInterval } from "./ServiceCalendar.js";

const runs = { numRuns: 1000 };
/** 2001-01-02 to 2098-12-30: inside the built-in London rule. */
const instantArb = fc.integer({ min: 978_393_600, max: 4_070_649_600 });

describe("reportInstant", () => {
  it("takes a past year's report at the year's end, whenever it is asked for", () => {
    const later = parseInstant("2026-11-23T12:00:00Z");
    expect(reportInstant(undefined, "2024/25", later)).toBe("2025-03-31T23:00:00Z");
    expect(reportInstant(undefined, "2023/24", later)).toBe("2024-03-31T23:00:00Z");
    expect(reportInstant(undefined, "2024/25-Q3", later)).toBe("2025-01-01T00:00:00Z");
  });

  it("takes the running year's report now, to the second", () => {
    expect(reportInstant(undefined, "2026/27", parseInstant("2026-11-23T12:34:56Z"))).toBe("2026-11-23T12:34:56Z");
  });

  it("reads a date as its first instant in UK time, in summer and in winter", () => {
    expect(reportInstant("2025-03-31", "2024/25", 0)).toBe("2025-03-30T23:00:00Z");
    expect(reportInstant("2025-01-15", "2024/25", 0)).toBe("2025-01-15T00:00:00Z");
  });

  it("keeps an asked instant as it was written", () => {
    expect(reportInstant("2025-03-31T17:00:00+01:00", "2024/25", 0)).toBe("2025-03-31T17:00:00+01:00");
  });

  it("refuses what is neither a date nor an instant, naming asAt", () => {
    for (const bad of ["2025-02-30", "2025-03-31T17:00", "31/03/2025", "2025-03-31T17:00:00.5Z", ""]) {
      expect(codeOf(() => reportInstant(bad, "2024/25", 0))).toBe("INVALID_TIME");
      expect(() => reportInstant(bad, "2024/25", 0)).toThrow(/^asAt: /);
    }
  });

  it("by default is never after the period's end nor after now, and is one of the two", () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 2001, max: 2097 }), (now, start) => {
        const period = `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
        const at = parseInstant(reportInstant(undefined, period, now));
        const end = periodInterval(period).end;
        expect(at).toBe(Math.min(now, end));
      }),
      runs,
    );
  });

  it("reads any date as the instant whose UK date it is, at midnight or the first instant after", () => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        const day = localDateOf(instant, "Europe/London");
        const at = parseInstant(reportInstant(day, "2024/25", 0));
        expect(localDateOf(at, "Europe/London")).toBe(day);
        expect(localDateOf(at - 1, "Europe/London")).not.toBe(day);
        expect(formatInstant(at, "Europe/London").slice(11, 19)).toBe("00:00:00");
      }),
      runs,
    );
  });
});
