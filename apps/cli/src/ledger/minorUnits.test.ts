import { isDomainError, parseMoney } from "@3c/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorUnits } from "./minorUnits.js";

const outcome = (f: () => number) => {
  try {
    return f();
  } catch (error) {
    return isDomainError(error) ? error.code : "other";
  }
};

describe("minorUnits", () => {
  it("reads plain decimals in pence", () => {
    expect(minorUnits("1234.56", "GBP", 2, "x")).toBe(123456);
    expect(minorUnits("-0.5", "GBP", 2, "x")).toBe(-50);
    expect(minorUnits("-0", "GBP", 2, "x")).toBe(0);
    expect(minorUnits("7", "JPY", 0, "x")).toBe(7);
  });

  it("refuses a third decimal place in pounds, as parseMoney does", () => {
    expect(outcome(() => minorUnits("1.005", "GBP", 2, "x"))).toBe("PRECISION_LOSS");
  });

  it("gives exactly what parseMoney gives, or the same error, for any decimal text", () => {
    const decimal = fc
      .tuple(
        fc.constantFrom("", "-", "+"),
        fc.stringMatching(/^\d{0,16}$/),
        fc.option(fc.stringMatching(/^\d{0,4}$/)),
        fc.constantFrom("GBP", "USD", "JPY", "BHD"),
      )
      .map(([sign, whole, frac, code]) => ({ text: `${sign}${whole}${frac === null ? "" : `.${frac}`}`, code }));
    const exponent = { GBP: 2, USD: 2, JPY: 0, BHD: 3 } as Record<string, number>;
    fc.assert(
      fc.property(decimal, ({ text, code }) => {
        expect(outcome(() => minorUnits(text, code, exponent[code] as number, "x"))).toEqual(
          outcome(() => parseMoney(text, code, { path: "x" }).minor),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
