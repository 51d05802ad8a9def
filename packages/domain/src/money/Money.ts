import { DomainError } from "../errors/index.js";
import { type DecimalInput, divideRounded, parseScaled, type RoundingMode, toFraction } from "../exact/index.js";
import { type CurrencyCode, currency } from "./Currency.js";

/**
 * An exact amount of money: an integer count of the currency's minor unit (pence for GBP).
 * Plain, immutable data that survives `JSON.stringify` / `JSON.parse` unchanged.
 *
 * Amounts are held as JS numbers that must stay safe integers (|minor| ≤ 2^53 − 1, about
 * £90 trillion); every operation checks, and intermediate products use bigint.
 */
export interface Money {
  readonly currency: CurrencyCode;
  /** Integer count of minor units; negative for credits. */
  readonly minor: number;
}

/**
 * Checks that a count of minor units is a safe integer.
 *
 * @param minor - candidate amount
 * @param where - what it is, for the error message
 * @returns `minor`, normalised so that −0 becomes 0
 * @throws DomainError `AMOUNT_OVERFLOW` or `INVALID_AMOUNT`
 */
export function checkMinor(minor: number, where = "amount"): number {
  if (!Number.isSafeInteger(minor)) {
    if (Number.isInteger(minor)) {
      throw new DomainError("AMOUNT_OVERFLOW", `${where}: ${minor} minor units is beyond the exact range of ±2^53`);
    }
    throw new DomainError("INVALID_AMOUNT", `${where}: ${minor} is not a whole number of minor units`);
  }
  return minor === 0 ? 0 : minor;
}

/**
 * Makes money from a whole number of minor units.
 *
 * @param minor - integer minor units (pence for GBP)
 * @param code - ISO 4217 currency code
 * @returns the money value
 * @throws DomainError `INVALID_AMOUNT`, `AMOUNT_OVERFLOW`, `UNKNOWN_CURRENCY`
 * @example fromMinor(123456, "GBP") // £1,234.56
 */
export function fromMinor(minor: number | bigint, code: string): Money {
  const c = currency(code);
  const value = typeof minor === "bigint" ? bigintToMinor(minor, "amount") : checkMinor(minor);
  return { currency: c.code, minor: value };
}

/**
 * Converts a bigint count of minor units to a safe number.
 *
 * @param value - the count
 * @param where - what it is, for the error
 * @returns the same value as a number
 * @throws DomainError `AMOUNT_OVERFLOW`
 */
export function bigintToMinor(value: bigint, where: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DomainError("AMOUNT_OVERFLOW", `${where}: ${value} minor units is beyond the exact range of ±2^53`);
  }
  const n = Number(value);
  return n === 0 ? 0 : n;
}

/** Options for {@link parseMoney}. */
export interface ParseMoneyOptions {
  /** Round values with more decimals than the currency has; without it they are an error. */
  readonly rounding?: RoundingMode;
  /** Where the value comes from (`costLines[42].amount`), used in error messages. */
  readonly path?: string;
}

/**
 * Parses a decimal amount in major units exactly.
 *
 * @param value - a decimal string such as `"1234.56"` or `"-0.01"`; a JS number only if a safe integer
 * @param code - ISO 4217 currency code
 * @param options - rounding for extra decimals, and a path for error messages
 * @returns the exact money value
 * @throws DomainError `INVALID_AMOUNT` for malformed text or floats, `PRECISION_LOSS` for more
 *   decimals than the currency allows without a rounding mode, `UNKNOWN_CURRENCY`, `AMOUNT_OVERFLOW`
 * @example parseMoney("1234.56", "GBP") // { currency: "GBP", minor: 123456 }
 */
export function parseMoney(value: DecimalInput, code: string, options: ParseMoneyOptions = {}): Money {
  const c = currency(code);
  if (typeof value === "string") {
    const minor = plainMinor(value, c.exponent);
    if (minor !== undefined) return { currency: c.code, minor };
  }
  const where = options.path ?? "amount";
  let scaled: ReturnType<typeof parseScaled>;
  try {
    scaled = parseScaled(value, where);
  } catch (error) {
    // Same message, but an amount's own code so adapters can tell money from other decimals.
    const message = error instanceof Error ? error.message : String(error);
    throw new DomainError("INVALID_AMOUNT", message, { path: where, cause: error });
  }
  const { coefficient, scale } = scaled;
  let minor: bigint;
  if (scale <= c.exponent) {
    minor = coefficient * 10n ** BigInt(c.exponent - scale);
  } else if (options.rounding === undefined) {
    throw new DomainError(
      "PRECISION_LOSS",
      `${where}: ${JSON.stringify(String(value))} has ${scale} decimal places but ${c.code} has ${c.exponent}; give a rounding mode to round it`,
      { path: where },
    );
  } else {
    minor = divideRounded(coefficient, 10n ** BigInt(scale - c.exponent), options.rounding);
  }
  return { currency: c.code, minor: bigintToMinor(minor, where) };
}

/**
 * The minor units of a plain decimal string (`1234.56`, `-3`, `+0.5`) with at most `exponent`
 * places and at most 15 digits once scaled, read from its character codes in whole-number
 * arithmetic: every value on the way is an integer under 10^15, so exact. Anything else is
 * `undefined`, for the exact bigint path (which also words the errors). Every cost line of a
 * scenario, an import or a budget passes through here, and the bigint path built three strings and
 * two bigints per amount.
 */
function plainMinor(text: string, exponent: number): number | undefined {
  const n = text.length;
  const first = n === 0 ? -1 : text.charCodeAt(0);
  let i = first === 45 || first === 43 ? 1 : 0;
  let whole = 0;
  let wholeDigits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
    wholeDigits++;
  }
  if (wholeDigits === 0 || wholeDigits + exponent > 15) return undefined;
  let fraction = 0;
  let places = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46) return undefined;
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      fraction = fraction * 10 + (c - 48);
      places++;
    }
    if (places === 0 || places > exponent) return undefined;
  }
  const minor = whole * 10 ** exponent + fraction * 10 ** (exponent - places);
  return first === 45 && minor !== 0 ? -minor : minor;
}

/**
 * Zero in a currency.
 *
 * @param code - ISO 4217 code
 * @returns zero minor units
 */
export function zero(code: string): Money {
  return { currency: currency(code).code, minor: 0 };
}

function sameCurrency(a: Money, b: Money, operation: string): void {
  if (a.currency !== b.currency) {
    throw new DomainError(
      "CURRENCY_MISMATCH",
      `Cannot ${operation} ${a.currency} and ${b.currency}; convert first at a recorded exchange rate`,
    );
  }
}

/** @returns a + b @throws DomainError `CURRENCY_MISMATCH`, `AMOUNT_OVERFLOW` */
export function add(a: Money, b: Money): Money {
  sameCurrency(a, b, "add");
  return { currency: a.currency, minor: checkMinor(a.minor + b.minor) };
}

/** @returns a − b @throws DomainError `CURRENCY_MISMATCH`, `AMOUNT_OVERFLOW` */
export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b, "subtract");
  return { currency: a.currency, minor: checkMinor(a.minor - b.minor) };
}

/** @returns −a */
export function negate(a: Money): Money {
  return { currency: a.currency, minor: a.minor === 0 ? 0 : -a.minor };
}

/** @returns |a| */
export function abs(a: Money): Money {
  return a.minor < 0 ? negate(a) : a;
}

/**
 * Compares two amounts of the same currency.
 *
 * @returns −1, 0 or 1
 * @throws DomainError `CURRENCY_MISMATCH`
 */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b, "compare");
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

/** @returns whether both currency and amount are equal (never throws) */
export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.minor === b.minor;
}

/** @returns whether the amount is zero */
export function isZero(a: Money): boolean {
  return a.minor === 0;
}

/** @returns whether the amount is below zero (a credit) */
export function isNegative(a: Money): boolean {
  return a.minor < 0;
}

/**
 * Sums amounts of one currency exactly.
 *
 * @param values - amounts, all in `code`
 * @param code - the currency (needed so that an empty list has one)
 * @returns the total
 * @throws DomainError `CURRENCY_MISMATCH`, `AMOUNT_OVERFLOW`
 */
export function sum(values: Iterable<Money>, code: string): Money {
  const c = currency(code).code;
  const list = Array.isArray(values) ? (values as readonly Money[]) : [...values];
  let total = 0;
  for (const v of list) {
    if (v.currency !== c) sameCurrency({ currency: c, minor: 0 }, v, "sum");
    total += v.minor;
    // Past 2^53 a number total is no longer exact, even if later amounts bring it back: redo in bigint.
    if (total > Number.MAX_SAFE_INTEGER || total < -Number.MAX_SAFE_INTEGER) return bigSum(list, c);
  }
  return { currency: c, minor: checkMinor(total, "sum") };
}

/**
 * Sums counts of minor units exactly, as {@link sum} does money (internal: the working form of the
 * recharge and savings totals, kept as plain numbers). A running total within ±2^53 is exact at
 * every step; once it passes, the total is worked out again in bigint, so one that comes back
 * within range loses nothing.
 *
 * @param values - safe integer counts of minor units
 * @param where - what the total is, for the error message
 * @returns the exact total, never −0
 * @throws DomainError `AMOUNT_OVERFLOW` when the total itself is beyond ±2^53
 */
export function sumMinor(values: Iterable<number>, where: string): number {
  const list = Array.isArray(values) ? (values as readonly number[]) : [...values];
  let total = 0;
  for (const v of list) {
    total += v;
    if (total > Number.MAX_SAFE_INTEGER || total < -Number.MAX_SAFE_INTEGER) {
      let big = 0n;
      for (const w of list) big += BigInt(w);
      return bigintToMinor(big, where);
    }
  }
  return checkMinor(total, where);
}

/** {@link sum} in bigint, for totals that pass the exact range of numbers on the way. */
function bigSum(values: readonly Money[], code: CurrencyCode): Money {
  let total = 0n;
  for (const v of values) {
    if (v.currency !== code) sameCurrency({ currency: code, minor: 0 }, v, "sum");
    total += BigInt(v.minor);
  }
  return { currency: code, minor: bigintToMinor(total, "sum") };
}

/**
 * Multiplies by an exact decimal ratio and rounds to the minor unit by a named mode.
 *
 * @param a - the amount
 * @param ratio - exact decimal (`"0.4576"`), never a binary float
 * @param mode - rounding mode for the product
 * @returns a × ratio, rounded
 * @throws DomainError `INVALID_DECIMAL`, `AMOUNT_OVERFLOW`
 * @example multiply(parseMoney("100", "GBP"), "0.4576", "half-even") // £45.76
 */
export function multiply(a: Money, ratio: DecimalInput, mode: RoundingMode): Money {
  const r = toFraction(ratio, "ratio");
  return { currency: a.currency, minor: bigintToMinor(divideRounded(BigInt(a.minor) * r.num, r.den, mode), "product") };
}

/**
 * Divides by an exact decimal and rounds to the minor unit by a named mode.
 *
 * @param a - the amount
 * @param divisor - exact non-zero decimal
 * @param mode - rounding mode for the quotient
 * @returns a ÷ divisor, rounded
 * @throws DomainError `DIVISION_BY_ZERO`, `INVALID_DECIMAL`, `AMOUNT_OVERFLOW`
 */
export function divide(a: Money, divisor: DecimalInput, mode: RoundingMode): Money {
  const d = toFraction(divisor, "divisor");
  if (d.isZero()) throw new DomainError("DIVISION_BY_ZERO", `Cannot divide ${a.currency} amount by zero`);
  return {
    currency: a.currency,
    minor: bigintToMinor(divideRounded(BigInt(a.minor) * d.den, d.num, mode), "quotient"),
  };
}
