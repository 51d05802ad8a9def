import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../testing/errors.js";
import { formatInstant, parseInstant } from "./instant.js";
import { localDateOf, localTimeToInstant, parseTimeOfDay } from "./localTime.js";

const runs = { numRuns: 1000 };
/** 1996-01-02 to 2099-12-30: the span of the built-in London rule, a day clear of each end. */
const instantArb = fc.integer({ min: 820_540_800, max: 4_102_185_600 });

describe("localTimeToInstant", () => {
  it("refuses a time in the hour skipped on 2024-03-31", () => {
    expect(codeOf(() => localTimeToInstant("2024-03-31T01:30", "Europe/London"))).toBe("NONEXISTENT_LOCAL_TIME");
    expect(() => localTimeToInstant("2024-03-31T01:00", "Europe/London")).toThrow(/does not exist in Europe\/London/);
    expect(localTimeToInstant("2024-03-31T00:59:59", "Europe/London")).toBe(parseInstant("2024-03-31T00:59:59Z"));
    expect(localTimeToInstant("2024-03-31T02:00", "Europe/London")).toBe(parseInstant("2024-03-31T01:00:00Z"));
  });

  it("reads the repeated hour of 2024-10-27 as its first occurrence unless told otherwise", () => {
    expect(localTimeToInstant("2024-10-27T01:30", "Europe/London")).toBe(parseInstant("2024-10-27T01:30:00+01:00"));
    expect(localTimeToInstant("2024-10-27T01:30", "Europe/London", { repeatedHour: "later" })).toBe(
      parseInstant("2024-10-27T01:30:00+00:00"),
    );
    expect(codeOf(() => localTimeToInstant("2024-10-27T01:30", "Europe/London", { repeatedHour: "reject" }))).toBe(
      "INVALID_TIME",
    );
    expect(localTimeToInstant("2024-10-27T02:00", "Europe/London")).toBe(parseInstant("2024-10-27T02:00:00Z"));
  });

  it("gives back the wall-clock time it was given, in London, on any day", () => {
    fc.assert(
      fc.property(instantArb, (t) => {
        const shown = formatInstant(t, "Europe/London");
        const local = shown.slice(0, 19);
        const back = localTimeToInstant(local, "Europe/London", { repeatedHour: "earlier" });
        const later = localTimeToInstant(local, "Europe/London", { repeatedHour: "later" });
        expect([back, later]).toContain(t);
        expect(localDateOf(t, "Europe/London")).toBe(shown.slice(0, 10));
      }),
      runs,
    );
  });

  it("refuses malformed local times", () => {
    expect(codeOf(() => localTimeToInstant("2024-10-27 01:30", "Europe/London"))).toBe("INVALID_TIME");
    expect(codeOf(() => localTimeToInstant("2024-10-27T24:00", "Europe/London"))).toBe("INVALID_TIME");
    expect(codeOf(() => localTimeToInstant("2024-10-27T01:30", "Nowhere/Else"))).toBe("INVALID_TIME");
  });
});

describe("parseTimeOfDay", () => {
  it("reads HH:MM and HH:MM:SS up to 24:00", () => {
    expect(parseTimeOfDay("08:00")).toBe(28_800);
    expect(parseTimeOfDay("17:30:15")).toBe(63_015);
    expect(parseTimeOfDay("24:00")).toBe(86_400);
    expect(codeOf(() => parseTimeOfDay("24:01"))).toBe("INVALID_TIME");
    expect(codeOf(() => parseTimeOfDay("8:00"))).toBe("INVALID_TIME");
    expect(codeOf(() => parseTimeOfDay("08:60"))).toBe("INVALID_TIME");
  });
});
