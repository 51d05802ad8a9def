import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../testing/errors.js";
import { formatInstant, parseInstant } from "./instant.js";

const runs = { numRuns: 1000 };
/** 1996-01-02 to 2099-12-30: the span of the built-in London rule, a day clear of each end. */
const instantArb = fc.integer({ min: 820_540_800, max: 4_102_185_600 });

describe("parseInstant", () => {
  it("reads the same instant from any offset", () => {
    expect(parseInstant("2024-10-27T01:30:00+01:00")).toBe(parseInstant("2024-10-27T00:30:00Z"));
    expect(parseInstant("2024-10-27T00:30Z")).toBe(1_729_989_000);
    expect(parseInstant("2024-04-10T09:00:00-05:30")).toBe(parseInstant("2024-04-10T14:30:00Z"));
  });

  it("refuses instants without an offset, with fractions, or with impossible fields", () => {
    expect(codeOf(() => parseInstant("2024-10-27T01:30:00"))).toBe("INVALID_TIME");
    expect(() => parseInstant("2024-10-27T01:30:00", "outages[3].start")).toThrow(/outages\[3\]\.start.*no offset/);
    expect(codeOf(() => parseInstant("2024-10-27T01:30:00.5Z"))).toBe("INVALID_TIME");
    expect(codeOf(() => parseInstant("2023-02-29T10:00:00Z"))).toBe("INVALID_TIME");
    expect(codeOf(() => parseInstant("2024-10-27T24:00:00Z"))).toBe("INVALID_TIME");
    expect(codeOf(() => parseInstant("2024-10-27T10:00:00+25:00"))).toBe("INVALID_TIME");
    expect(codeOf(() => parseInstant("27/10/2024 10:00"))).toBe("INVALID_TIME");
  });

  it("round-trips through formatInstant in UTC and in London", () => {
    fc.assert(
      fc.property(instantArb, (t) => {
        expect(parseInstant(formatInstant(t))).toBe(t);
        expect(parseInstant(formatInstant(t, "Europe/London"))).toBe(t);
      }),
      runs,
    );
  });

  it("shows London summer time with +01:00 and winter time with +00:00", () => {
    const t = parseInstant("2024-10-27T00:30:00Z");
    expect(formatInstant(t, "Europe/London")).toBe("2024-10-27T01:30:00+01:00");
    expect(formatInstant(t + 3600, "Europe/London")).toBe("2024-10-27T01:30:00+00:00");
    expect(formatInstant(t)).toBe("2024-10-27T00:30:00Z");
  });
});
