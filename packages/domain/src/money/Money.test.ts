import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.js";
import { divideRounded, parseScaled, ROUNDING_MODES, type RoundingMode } from "../exact/index.js";
import { codeOf } from "../testing/errors.js";
import { currency } from "./Currency.js";
import { formatMoney, toDecimalString } from "./format.js";
import {
  add,
  compare,
  divide,
  equals,
  fromMinor,
  multiply,
  negate,
  parseMoney,
  subtract,
  sum,
  sumMinor,
  zero,
} from "./Money.js";

const gbp = (minor: number) => fromMinor(minor, "GBP");

// parseMoney as it was before its fast path for plain decimals: every amount through bigints.
function bigintParse(value: string, code: string, rounding?: RoundingMode): number {
  const c = currency(code);
  const { coefficient, scale } = parseScaled(value, "amount");
  let minor: bigint;
  if (scale <= c.exponent) minor = coefficient * 10n ** BigInt(c.exponent - scale);
  else if (rounding === undefined) throw new DomainError("PRECISION_LOSS", "too many places");
  else minor = divideRounded(coefficient, 10n ** BigInt(scale - c.exponent), rounding);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new DomainError("AMOUNT_OVERFLOW", "too large");
  const n = Number(minor);
  return n === 0 ? 0 : n;
}

// What a call gives: its minor units, or the code of what it threw (parseScaled's INVALID_DECIMAL
// is parseMoney's INVALID_AMOUNT).
function outcome(f: () => number): number | string {
  try {
    const minor = f();
    return Object.is(minor, -0) ? "-0" : minor;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return e.code === "INVALID_DECIMAL" ? "INVALID_AMOUNT" : e.code;
  }
}

describe("parseMoney", () => {
  it("parses decimal strings exactly into minor units", () => {
    expect(parseMoney("1234.56", "GBP")).toEqual({ currency: "GBP", minor: 123456 });
    expect(parseMoney("-0.01", "GBP")).toEqual({ currency: "GBP", minor: -1 });
    expect(parseMoney("12", "GBP")).toEqual({ currency: "GBP", minor: 1200 });
    expect(parseMoney("0.1", "GBP")).toEqual({ currency: "GBP", minor: 10 });
    expect(parseMoney("-0", "GBP")).toEqual({ currency: "GBP", minor: 0 });
    expect(Object.is(parseMoney("-0.00", "GBP").minor, 0)).toBe(true);
  });

  it("gives what the exact bigint arithmetic gives for any text, in every currency and rounding", () => {
    const digits = (max: number) => fc.stringMatching(new RegExp(`^[0-9]{0,${max}}$`));
    const text = fc.oneof(
      fc
        .tuple(fc.constantFrom("", "-", "+"), digits(18), fc.constantFrom("", "."), digits(5))
        .map(([sign, whole, dot, fraction]) => `${sign}${whole}${dot}${fraction}`),
      fc.string({ maxLength: 8 }),
      fc.constantFrom("9007199254740.99", "90071992547409.9", "999999999999999", "0.000", "-0", "+.5", "1e3", " 1"),
    );
    fc.assert(
      fc.property(
        text,
        fc.constantFrom("GBP", "JPY", "BHD"),
        fc.option(fc.constantFrom(...ROUNDING_MODES), { nil: undefined }),
        (value, code, rounding) => {
          const options = rounding === undefined ? {} : { rounding };
          expect(outcome(() => parseMoney(value, code, options).minor)).toEqual(
            outcome(() => bigintParse(value, code, rounding)),
          );
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("knows each currency's minor unit", () => {
    expect(parseMoney("5", "JPY").minor).toBe(5);
    expect(parseMoney("1.234", "BHD").minor).toBe(1234);
    expect(parseMoney("9.99", "USD")).toEqual({ currency: "USD", minor: 999 });
    expect(parseMoney("9.99", "EUR")).toEqual({ currency: "EUR", minor: 999 });
  });

  it("refuses more decimals than the currency has unless given a rounding mode", () => {
    expect(codeOf(() => parseMoney("1.234", "GBP"))).toBe("PRECISION_LOSS");
    expect(() => parseMoney("1.234", "GBP")).toThrow(/3 decimal places but GBP has 2/);
    expect(parseMoney("1.235", "GBP", { rounding: "half-even" }).minor).toBe(124);
    expect(parseMoney("1.225", "GBP", { rounding: "half-even" }).minor).toBe(122);
    expect(parseMoney("1.225", "GBP", { rounding: "half-up" }).minor).toBe(123);
    expect(parseMoney("-1.229", "GBP", { rounding: "down" }).minor).toBe(-122);
    expect(parseMoney("-1.221", "GBP", { rounding: "floor" }).minor).toBe(-123);
  });

  it.each([
    ["12,3", /contains ','/],
    ["", /is empty/],
    ["NaN", /is not a number/],
    ["Infinity", /is not a number/],
    ["1e3", /exponent/],
    [" 1.00", /spaces/],
    ["£5", /currency symbol/],
    ["1.", /both sides/],
    ["abc", /is not a decimal/],
  ])("rejects %j with a reason", (text, reason) => {
    expect(codeOf(() => parseMoney(text, "GBP", { path: "costLines[3].amount" }))).toBe("INVALID_AMOUNT");
    expect(() => parseMoney(text, "GBP", { path: "costLines[3].amount" })).toThrow(reason);
    expect(() => parseMoney(text, "GBP", { path: "costLines[3].amount" })).toThrow(/^costLines\[3\]\.amount: /);
  });

  it("rejects binary floats passed as JS numbers, but takes safe integers", () => {
    expect(codeOf(() => parseMoney(0.1, "GBP"))).toBe("INVALID_AMOUNT");
    expect(() => parseMoney(0.1, "GBP")).toThrow(/binary floating point/);
    expect(codeOf(() => parseMoney(2 ** 60, "GBP"))).toBe("INVALID_AMOUNT");
    expect(parseMoney(12, "GBP").minor).toBe(1200);
  });

  it("rejects unknown currencies and amounts beyond the exact range", () => {
    expect(codeOf(() => parseMoney("1", "XXX"))).toBe("UNKNOWN_CURRENCY");
    expect(codeOf(() => parseMoney("99999999999999999", "GBP"))).toBe("AMOUNT_OVERFLOW");
  });

  it("round-trips every amount through its decimal string", () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        const m = gbp(minor);
        expect(parseMoney(toDecimalString(m), "GBP")).toEqual(m);
        expect(JSON.parse(JSON.stringify(m))).toEqual(m);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("formatMoney", () => {
  it("formats for people with symbol, grouping and a leading minus for credits", () => {
    expect(formatMoney(parseMoney("1234.56", "GBP"))).toBe("£1,234.56");
    expect(formatMoney(parseMoney("-5", "GBP"))).toBe("-£5.00");
    expect(formatMoney(parseMoney("0.07", "GBP"))).toBe("£0.07");
    expect(formatMoney(parseMoney("6100000", "GBP"))).toBe("£6,100,000.00");
    expect(formatMoney(parseMoney("1000", "JPY"))).toBe("¥1,000");
    expect(formatMoney(parseMoney("1234.5", "USD"), { symbol: false, grouping: false })).toBe("1234.50");
    expect(toDecimalString(parseMoney("-0.01", "GBP"))).toBe("-0.01");
  });
});

describe("arithmetic", () => {
  const money = fc.integer({ min: -1e12, max: 1e12 }).map(gbp);

  it("adds, subtracts, negates and compares exactly", () => {
    expect(add(gbp(10), gbp(-3))).toEqual(gbp(7));
    expect(subtract(gbp(10), gbp(13))).toEqual(gbp(-3));
    expect(negate(gbp(0))).toEqual(gbp(0));
    expect(Object.is(negate(gbp(0)).minor, 0)).toBe(true);
    expect(compare(gbp(1), gbp(2))).toBe(-1);
    expect(sum([gbp(1), gbp(2), gbp(3)], "GBP")).toEqual(gbp(6));
    expect(sum([], "GBP")).toEqual(zero("GBP"));
  });

  it("obeys the laws of addition", () => {
    fc.assert(
      fc.property(money, money, money, (a, b, c) => {
        expect(add(a, b)).toEqual(add(b, a));
        expect(add(add(a, b), c)).toEqual(add(a, add(b, c)));
        expect(subtract(add(a, b), b)).toEqual(a);
        expect(add(a, negate(a))).toEqual(zero("GBP"));
        expect(compare(a, b)).toBe(-compare(b, a) || 0);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses to mix currencies", () => {
    const usd = fromMinor(1, "USD");
    expect(codeOf(() => add(gbp(1), usd))).toBe("CURRENCY_MISMATCH");
    expect(codeOf(() => subtract(gbp(1), usd))).toBe("CURRENCY_MISMATCH");
    expect(codeOf(() => compare(gbp(1), usd))).toBe("CURRENCY_MISMATCH");
    expect(codeOf(() => sum([gbp(1), usd], "GBP"))).toBe("CURRENCY_MISMATCH");
    expect(equals(gbp(1), usd)).toBe(false);
  });

  it("detects overflow instead of losing pennies", () => {
    expect(codeOf(() => add(gbp(Number.MAX_SAFE_INTEGER), gbp(1)))).toBe("AMOUNT_OVERFLOW");
  });

  it("sums exactly when a running total passes the exact range and comes back, and refuses a total beyond it", () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(sum([gbp(max), gbp(2), gbp(-2)], "GBP")).toEqual(gbp(max));
    expect(sum([gbp(max), gbp(max), gbp(-max)], "GBP")).toEqual(gbp(max));
    expect(codeOf(() => sum([gbp(max), gbp(max), gbp(1 - max)], "GBP"))).toBe("AMOUNT_OVERFLOW");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -max, max }), { maxLength: 8 }), (values) => {
        const exact = values.reduce((s, v) => s + BigInt(v), 0n);
        const safe = exact <= BigInt(max) && exact >= -BigInt(max);
        if (safe) expect(sum(values.map(gbp), "GBP")).toEqual(gbp(Number(exact)));
        else expect(codeOf(() => sum(values.map(gbp), "GBP"))).toBe("AMOUNT_OVERFLOW");
      }),
    );
  });

  it("sums counts of minor units as exactly as money, naming the total it refuses", () => {
    const max = Number.MAX_SAFE_INTEGER;
    // With plain +, max + 2 rounds to 2^53 and − 2 gives max − 1: a penny lost without a word.
    expect([max, 2, -2].reduce((s, v) => s + v, 0)).toBe(max - 1);
    expect(sumMinor([max, 2, -2], "the total")).toBe(max);
    const row = new Map([
      ["A", max],
      ["B", max],
      ["C", -max],
    ]);
    expect(sumMinor(row.values(), "the total")).toBe(max);
    expect(sumMinor([], "the total")).toBe(0);
    expect(() => sumMinor([max, 1], "the total")).toThrow(
      new DomainError("AMOUNT_OVERFLOW", `the total: ${2 ** 53} minor units is beyond the exact range of ±2^53`),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -max, max }), { maxLength: 8 }), (values) => {
        const exact = values.reduce((s, v) => s + BigInt(v), 0n);
        if (exact <= BigInt(max) && exact >= -BigInt(max)) expect(sumMinor(values, "t")).toBe(Number(exact));
        else expect(codeOf(() => sumMinor(values, "t"))).toBe("AMOUNT_OVERFLOW");
      }),
    );
  });

  it("multiplies and divides by exact decimals with a named rounding mode", () => {
    expect(multiply(parseMoney("100000", "GBP"), "0.4576", "half-even")).toEqual(parseMoney("45760", "GBP"));
    expect(multiply(gbp(5), "0.5", "half-even")).toEqual(gbp(2));
    expect(multiply(gbp(5), "0.5", "half-up")).toEqual(gbp(3));
    expect(multiply(gbp(-5), "0.5", "half-up")).toEqual(gbp(-3));
    expect(multiply(gbp(-5), "0.5", "ceiling")).toEqual(gbp(-2));
    expect(divide(gbp(100), "3", "down")).toEqual(gbp(33));
    expect(divide(gbp(100), "3", "up")).toEqual(gbp(34));
    expect(divide(parseMoney("1000", "GBP"), "1.21", "half-even")).toEqual(parseMoney("826.45", "GBP"));
    expect(codeOf(() => divide(gbp(1), "0", "half-even"))).toBe("DIVISION_BY_ZERO");
    expect(codeOf(() => multiply(gbp(1), 0.1, "half-even"))).toBe("INVALID_DECIMAL");
  });

  it("rounds a product to one of its two neighbours, as each mode says", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(...ROUNDING_MODES),
        (minor, ppm, mode) => {
          const ratio = (ppm / 1e6).toFixed(6);
          const exact = (BigInt(minor) * BigInt(ppm)) / 1_000_000n;
          const result = BigInt(multiply(gbp(minor), ratio, mode).minor);
          expect(result - exact >= -1n && result - exact <= 1n).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
