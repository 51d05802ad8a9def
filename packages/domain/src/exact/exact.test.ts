import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toFraction } from "./decimal.js";
import { Fraction } from "./Fraction.js";
import { divideRounded, ROUNDING_MODES } from "./RoundingMode.js";

describe("divideRounded", () => {
  it("rounds halves and non-halves as each mode names", () => {
    const cases: [bigint, bigint, Record<string, bigint>][] = [
      [5n, 2n, { "half-even": 2n, "half-up": 3n, "half-down": 2n, up: 3n, down: 2n, ceiling: 3n, floor: 2n }],
      [7n, 2n, { "half-even": 4n, "half-up": 4n, "half-down": 3n, up: 4n, down: 3n, ceiling: 4n, floor: 3n }],
      [-5n, 2n, { "half-even": -2n, "half-up": -3n, "half-down": -2n, up: -3n, down: -2n, ceiling: -2n, floor: -3n }],
      [10n, 3n, { "half-even": 3n, "half-up": 3n, "half-down": 3n, up: 4n, down: 3n, ceiling: 4n, floor: 3n }],
      [-10n, -3n, { "half-even": 3n, up: 4n, floor: 3n }],
      [6n, 3n, { "half-even": 2n, up: 2n, floor: 2n }],
    ];
    for (const [n, d, expected] of cases) {
      for (const [mode, value] of Object.entries(expected)) {
        expect(divideRounded(n, d, mode as (typeof ROUNDING_MODES)[number]), `${n}/${d} ${mode}`).toBe(value);
      }
    }
    expect(() => divideRounded(1n, 0n, "down")).toThrow(/zero/);
  });

  it("lands within one of the exact quotient, on the side the mode says", () => {
    fc.assert(
      fc.property(
        fc.bigInt(),
        fc.bigInt().filter((d) => d !== 0n),
        fc.constantFrom(...ROUNDING_MODES),
        (n, d, mode) => {
          const q = divideRounded(n, d, mode);
          // |n − q·d| < |d|: the result is the floor or the ceiling of n/d.
          const gap = n - q * d;
          expect(gap < 0n ? -gap : gap).toBeLessThan(d < 0n ? -d : d);
          const exact = Fraction.of(n, d);
          if (mode === "floor") expect(Fraction.of(q).compare(exact)).toBeLessThanOrEqual(0);
          if (mode === "ceiling") expect(Fraction.of(q).compare(exact)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("Fraction", () => {
  it("keeps values exact and reduced", () => {
    const third = Fraction.of(1n, 3n);
    expect(third.add(third).add(third).equals(Fraction.ONE)).toBe(true);
    expect(Fraction.of(6n, -4n).toString()).toBe("-3/2");
    expect(Fraction.of(2n, 3n).toDecimalString(4, "half-even")).toBe("0.6667");
    expect(Fraction.of(-1n, 8n).toDecimalString(2, "half-even")).toBe("-0.12");
    expect(toFraction("45.76", "x").toString()).toBe("1144/25");
    expect(Fraction.fromData(Fraction.of(22n, 7n).toData()).equals(Fraction.of(22n, 7n))).toBe(true);
  });

  it("obeys field laws", () => {
    const frac = fc
      .tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 1000n }))
      .map(([n, d]) => Fraction.of(n, d));
    fc.assert(
      fc.property(frac, frac, frac, (a, b, c) => {
        expect(a.add(b).equals(b.add(a))).toBe(true);
        expect(a.mul(b.add(c)).equals(a.mul(b).add(a.mul(c)))).toBe(true);
        expect(a.sub(b).add(b).equals(a)).toBe(true);
        if (!b.isZero()) expect(a.div(b).mul(b).equals(a)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
