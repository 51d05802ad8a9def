import { Decimal as DecimalJs } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.js";
import { describeBadDecimal, isDecimalString, MAX_DECIMAL_DIGITS, parseScaled } from "./decimal.js";

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

// What a rejected text really is, judged without describeBadDecimal's own patterns where possible.
function readsAsExponent(text: string): boolean {
  if (!/e/i.test(text) || /^[+-]?0[xbo]/i.test(text)) return false;
  try {
    new DecimalJs(text);
    return true;
  } catch {
    return false;
  }
}
const hasDecimalShape = (text: string) => /^[+-]?\d+(\.\d+)?$/.test(text);
const aroundANumber = (text: string) => hasDecimalShape(text.trim().replace(/[£$€]/g, "").replaceAll(",", "").trim());

// Text a finance officer might type or paste: words, near-decimals, exponents, decorated numbers.
const rejectedArb = fc
  .oneof(
    fc.string({ maxLength: 12 }),
    fc.array(fc.constantFrom(..."0123456789+-.eE ,£$€sux"), { maxLength: 12 }).map((cs) => cs.join("")),
    fc
      .tuple(
        fc.constantFrom("", "+", "-"),
        fc.constantFrom("", "1", "25", "007"),
        fc.constantFrom("", ".", ".5", ".125"),
        fc.constantFrom("e", "E"),
        fc.constantFrom("", "+", "-"),
        fc.constantFrom("", "0", "3", "45", "123456789"),
      )
      .map((parts) => parts.join("")),
    fc
      .tuple(
        fc.constantFrom("", " ", "£", "$ ", "€"),
        fc.constantFrom("", "-"),
        fc.constantFrom("1", "1,234", "12,345,678", "1234", "1,5"),
        fc.constantFrom("", ".56", ".5x"),
        fc.constantFrom("", " ", "£"),
      )
      .map((parts) => parts.join("")),
    fc.integer({ min: 41, max: 45 }).map((n) => `-${"8".repeat(n - 2)}.${"2".repeat(2)}`),
  )
  .filter((text) => !isDecimalString(text));

describe("describeBadDecimal", () => {
  it("gives for any rejected text the reason that text really has, and never the circular 'not a decimal'", () => {
    fc.assert(
      fc.property(rejectedArb, (text) => {
        const reason = describeBadDecimal(text);
        expect(reason).not.toMatch(/not a decimal/);
        expect(reason).toMatch(/expected|write|at most/);
        expect(reason.includes("exponent notation")).toBe(readsAsExponent(text));
        expect(reason.startsWith("it is empty")).toBe(text.trim() === "");
        expect(/^it has \d+ digits/.test(reason)).toBe(hasDecimalShape(text));
        expect(reason.includes("both sides of the decimal point")).toBe(/^[+-]?(\d+\.|\.\d+)$/.test(text));
        const around = !readsAsExponent(text) && !hasDecimalShape(text) && aroundANumber(text);
        expect(reason.startsWith("it contains")).toBe(around);
        if (around) {
          expect(reason.includes("currency symbol")).toBe(/[£$€]/.test(text));
          expect(reason.includes("','")).toBe(text.includes(","));
          expect(reason.includes("spaces before or after")).toBe(text !== text.trim());
        }
        const written = /(?:in full, as|; write) (\S+)$/.exec(reason)?.[1];
        if (written !== undefined) {
          expect(isDecimalString(written)).toBe(true);
          expect(new DecimalJs(written).equals(new DecimalJs(text))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["users", "expected digits with an optional sign and decimal point, such as 1234.56"],
    ["abc", "expected digits with an optional sign and decimal point, such as 1234.56"],
    ["12.3x", "expected digits with an optional sign and decimal point, such as 1234.56"],
    ["1.2.3", "expected digits with an optional sign and decimal point, such as 1234.56"],
    ["1e5", "it uses exponent notation; write it out in full, as 100000"],
    ["2.5E-3", "it uses exponent notation; write it out in full, as 0.0025"],
    ["-.5e+2", "it uses exponent notation; write it out in full, as -50"],
    ["1e999", "it uses exponent notation; write the decimal out in full"],
    ["", "it is empty; expected a decimal such as 1234.56"],
    ["NaN", "it is not a number; expected a decimal such as 1234.56"],
    [".5", "it needs digits on both sides of the decimal point; write 0.5"],
    ["-12.", "it needs digits on both sides of the decimal point; write -12"],
    [" 12.50", "it contains spaces before or after the number; write the number only, such as 1234.56"],
    ["£5", "it contains a currency symbol (£); write the number only, such as 1234.56"],
    [
      "£1,234.56",
      "it contains a currency symbol (£) and ','; write the number only, such as 1234.56, with '.' as the decimal point and no thousands separators",
    ],
    [
      "12,3",
      "it contains ','; write the number only, such as 1234.56, with '.' as the decimal point and no thousands separators",
    ],
    [`1${"0".repeat(40)}`, "it has 41 digits; at most 40 are accepted"],
  ])("explains %j: %s", (text, reason) => {
    expect(describeBadDecimal(text)).toBe(reason);
  });

  it("words parseScaled's refusal as what the text is and what is expected", () => {
    const error = (() => {
      try {
        return parseScaled("users", "drivers.users[0].quantity");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe(
      'drivers.users[0].quantity: "users" is not a decimal: expected digits with an optional sign and decimal point, such as 1234.56',
    );
  });
});
