import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fraction, toFraction } from "../exact/index.js";
import { codeOf } from "../testing/errors.js";
import { wilsonInterval } from "./wilsonInterval.js";

describe("wilsonInterval", () => {
  it("matches an independent 60-digit calculation, rounded outwards", () => {
    // Legal's client survey: a 30% return, 51 satisfied of 60 responses (85%).
    // Reference bounds from mpmath at 60 digits: 73.8854109302215…, 91.9025594198323…
    expect(wilsonInterval(Fraction.of(51n, 60n), 60, "95")).toEqual({ lower: "73.885410", upper: "91.902560" });
    expect(wilsonInterval(Fraction.of(51n, 60n), 60, "90")).toEqual({ lower: "75.920668", upper: "91.059056" });
    expect(wilsonInterval(Fraction.of(51n, 60n), 60, "99")).toEqual({ lower: "69.721037", upper: "93.309000" });
  });

  it("stays inside 0–100 at the extremes, where the normal approximation would not", () => {
    expect(wilsonInterval(Fraction.ZERO, 10, "95")).toEqual({ lower: "0.000000", upper: "27.753280" });
    expect(wilsonInterval(Fraction.ONE, 10, "95")).toEqual({ lower: "72.246720", upper: "100.000000" });
  });

  it("refuses an empty sample or a proportion outside 0–1", () => {
    expect(codeOf(() => wilsonInterval(Fraction.of(1n, 2n), 0, "95"))).toBe("INVALID_MEASUREMENT");
    expect(codeOf(() => wilsonInterval(Fraction.of(3n, 2n), 10, "95"))).toBe("INVALID_MEASUREMENT");
  });

  it("contains the observed proportion, within 0–100, and widens with confidence", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(), (n, k0) => {
        const k = k0 % (n + 1);
        const p = Fraction.of(BigInt(k) * 100n, BigInt(n));
        const ninety = wilsonInterval(Fraction.of(BigInt(k), BigInt(n)), n, "90");
        const ninetyFive = wilsonInterval(Fraction.of(BigInt(k), BigInt(n)), n, "95");
        const lo = toFraction(ninetyFive.lower, "lower");
        const hi = toFraction(ninetyFive.upper, "upper");
        expect(lo.compare(p)).toBeLessThanOrEqual(0);
        expect(hi.compare(p)).toBeGreaterThanOrEqual(0);
        expect(lo.compare(Fraction.ZERO)).toBeGreaterThanOrEqual(0);
        expect(hi.compare(Fraction.of(100n))).toBeLessThanOrEqual(0);
        expect(toFraction(ninety.lower, "l").compare(lo)).toBeGreaterThanOrEqual(0);
        expect(toFraction(ninety.upper, "u").compare(hi)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });
});
