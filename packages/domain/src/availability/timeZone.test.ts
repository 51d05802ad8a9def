import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../testing/errors.js";
import { parseInstant } from "./instant.js";
import { intlOffsetSeconds, offsetSeconds } from "./timeZone.js";

const runs = { numRuns: 1000 };
/** 1996-01-02 to 2099-12-30: the span of the built-in London rule, a day clear of each end. */
const instantArb = fc.integer({ min: 820_540_800, max: 4_102_185_600 });

describe("time zones", () => {
  it("gives the built-in Europe/London rule the same offsets as the runtime's time-zone data", () => {
    fc.assert(
      fc.property(instantArb, (t) => {
        expect(offsetSeconds("Europe/London", t)).toBe(intlOffsetSeconds("Europe/London", t));
      }),
      runs,
    );
  });

  it("changes the London clocks at 01:00 UTC on 2024-03-31 and 2024-10-27", () => {
    const spring = parseInstant("2024-03-31T01:00:00Z");
    const autumn = parseInstant("2024-10-27T01:00:00Z");
    expect([offsetSeconds("Europe/London", spring - 1), offsetSeconds("Europe/London", spring)]).toEqual([0, 3600]);
    expect([offsetSeconds("Europe/London", autumn - 1), offsetSeconds("Europe/London", autumn)]).toEqual([3600, 0]);
  });

  it("reads other zones from the runtime and refuses unknown ones", () => {
    expect(offsetSeconds("America/New_York", parseInstant("2024-07-01T12:00:00Z"))).toBe(-4 * 3600);
    expect(offsetSeconds("UTC", parseInstant("2024-07-01T12:00:00Z"))).toBe(0);
    expect(codeOf(() => offsetSeconds("Mars/Olympus_Mons", 0))).toBe("INVALID_TIME");
    expect(codeOf(() => offsetSeconds("Europe/London", parseInstant("1990-07-01T12:00:00Z")))).toBe("INVALID_TIME");
  });
});
