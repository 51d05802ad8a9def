import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDecimalString, MAX_DECIMAL_DIGITS } from "./decimal.js";

// The reference isDecimalString is read against: the pattern, then the count of digits.
function referenceIsDecimalString(text: string): boolean {
  return /^[+-]?\d+(\.\d+)?$/.test(text) && text.replace(/^[+-]/, "").replace(".", "").length <= MAX_DECIMAL_DIGITS;
}

// Text shaped like a decimal: digits with signs, points and near misses anywhere.
const decimalLikeArb = fc
  .array(fc.constantFrom(..."0123456789+-.e ,\u0661"), { minLength: 0, maxLength: 45 })
  .map((cs) => cs.join(""));
const nearLimitArb = fc
  .tuple(fc.constantFrom("", "+", "-"), fc.integer({ min: 0, max: 45 }), fc.integer({ min: -1, max: 45 }))
  .map(([sign, whole, fraction]) => `${sign}${"7".repeat(whole)}${fraction < 0 ? "" : `.${"3".repeat(fraction)}`}`);

describe("isDecimalString", () => {
  it("judges any text exactly as the decimal pattern and the 40-digit limit do", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), decimalLikeArb, nearLimitArb), (text) => {
        expect(isDecimalString(text)).toBe(referenceIsDecimalString(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("accepts plain decimals up to 40 digits and nothing else", () => {
    for (const ok of ["0", "-1234.56", "+7", "0.000", `${"9".repeat(20)}.${"9".repeat(20)}`])
      expect(isDecimalString(ok)).toBe(true);
    for (const bad of ["", "+", "-", ".5", "5.", "1.2.3", "1e3", " 1", "1 ", "--1", "١", `${"9".repeat(41)}`])
      expect(isDecimalString(bad)).toBe(false);
  });
});
