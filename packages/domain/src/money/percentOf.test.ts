import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromMinor } from "./Money.js";
import { percentOf } from "./percentOf.js";

const gbp = (minor: number) => fromMinor(minor, "GBP");

describe("percentOf", () => {
  it("gives a part of a whole to two places by the rounding mode named", () => {
    expect(percentOf(gbp(1), gbp(8), "half-even")).toBe("12.50");
    expect(percentOf(gbp(1), gbp(3), "half-even")).toBe("33.33");
    expect(percentOf(gbp(2), gbp(3), "down")).toBe("66.66");
    expect(percentOf(gbp(2), gbp(3), "half-up")).toBe("66.67");
    // 1 / 800 = 0.125% exactly: a tie at the second place, to even or up as named
    expect(percentOf(gbp(1), gbp(800), "half-even")).toBe("0.12");
    expect(percentOf(gbp(1), gbp(800), "half-up")).toBe("0.13");
    expect(percentOf(gbp(-5), gbp(20), "half-even")).toBe("-25.00");
  });

  it("has no percentage of nothing", () => {
    expect(percentOf(gbp(5), gbp(0), "half-even")).toBeNull();
  });

  it("is 100.00 for any whole of itself and 0.00 for a zero part", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }).filter((n) => n !== 0),
        (n) => {
          expect(percentOf(gbp(n), gbp(n), "half-even")).toBe("100.00");
          expect(percentOf(gbp(0), gbp(n), "half-even")).toBe("0.00");
        },
      ),
      { numRuns: 1000 },
    );
  });
});
