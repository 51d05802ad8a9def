import { Decimal as DecimalJs } from "decimal.js";
import { DomainError } from "../errors/index.js";
import { Fraction } from "./Fraction.js";

/**
 * decimal.js configured so that addition, subtraction and multiplication of the decimals the domain
 * accepts (at most {@link MAX_DECIMAL_DIGITS} digits each) are exact. Division is never done with
 * it: quotients use {@link Fraction}.
 */
export const Decimal = DecimalJs.clone({
  precision: 1000,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

/** An exact decimal value held by decimal.js. */
export type ExactDecimal = InstanceType<typeof Decimal>;

/**
 * A decimal quantity as the domain accepts it: a decimal string (`"45.76"`, `"-0.01"`), a bigint,
 * a JS number only when it is a safe integer, or a decimal.js value. Binary floats are refused
 * because they cannot hold most decimal fractions exactly.
 */
export type DecimalInput = string | bigint | number | DecimalJs;

/** The longest decimal string accepted, in digits, to keep arithmetic bounded. */
export const MAX_DECIMAL_DIGITS = 40;

const DECIMAL_PATTERN = /^[+-]?\d+(\.\d+)?$/;

/** A decimal as an integer coefficient and a power-of-ten scale: value = coefficient / 10^scale. */
export interface ScaledInteger {
  readonly coefficient: bigint;
  readonly scale: number;
}

/** Exponent notation as decimal.js and JavaScript read it: `1e5`, `2.5E-3`, `-.5e+2`. */
const EXPONENT_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)e[+-]?\d+$/i;

/** What a spreadsheet or a person puts around a number, named by `describeBadDecimal`. */
const CURRENCY_SYMBOLS = /[£$€]/g;

function listed(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/**
 * Explains why a string is not a decimal the domain accepts, in words a finance officer
 * understands: what was found and what is expected. It reads after `"…" is not a decimal: `, and
 * each reason is true of the text: exponent notation only for text such as `1e5` or `2.5E-3`; a
 * currency symbol, `','` or spaces around the number only when the text without them has a
 * decimal's shape; otherwise the decimal that is expected.
 *
 * @param text - the rejected text (one that {@link isDecimalString} refuses)
 * @returns the reason, e.g. `expected digits with an optional sign and decimal point, such as 1234.56`
 * @example
 * describeBadDecimal("1e5"); // "it uses exponent notation; write it out in full, as 100000"
 */
export function describeBadDecimal(text: string): string {
  if (text.trim() === "") return "it is empty; expected a decimal such as 1234.56";
  if (/^[+-]?(nan|infinity|inf)$/i.test(text)) return "it is not a number; expected a decimal such as 1234.56";
  if (EXPONENT_PATTERN.test(text)) {
    // Written out only when that is a decimal the domain takes (an exponent of 1e9 is not).
    const exponent = Math.abs(Number(/e([+-]?\d+)$/i.exec(text)?.[1]));
    const plain = exponent <= MAX_DECIMAL_DIGITS ? new Decimal(text).toFixed() : "";
    return isDecimalString(plain)
      ? `it uses exponent notation; write it out in full, as ${plain}`
      : "it uses exponent notation; write the decimal out in full";
  }
  if (DECIMAL_PATTERN.test(text)) {
    const digits = text.replace(/^[+-]/, "").replace(".", "").length;
    return `it has ${digits} digits; at most ${MAX_DECIMAL_DIGITS} are accepted`;
  }
  const point = /^([+-]?)(\d*)\.(\d*)$/.exec(text);
  if (point !== null && (point[2] === "") !== (point[3] === "")) {
    const [, sign, whole, fraction] = point;
    return `it needs digits on both sides of the decimal point; write ${sign}${whole || "0"}${fraction ? `.${fraction}` : ""}`;
  }
  // Symbols, separators and spaces around a number: named only when a number is all that is left,
  // so that "users" or "12x" is not told it has a stray symbol.
  const bare = text.trim().replace(CURRENCY_SYMBOLS, "").replaceAll(",", "").trim();
  if (DECIMAL_PATTERN.test(bare)) {
    const found: string[] = [];
    if (text !== text.trim()) found.push("spaces before or after the number");
    const symbols = [...new Set(text.match(CURRENCY_SYMBOLS) ?? [])];
    if (symbols.length > 0)
      found.push(`${symbols.length === 1 ? "a currency symbol" : "currency symbols"} (${symbols.join(" ")})`);
    if (text.includes(",")) found.push("','");
    const separators = text.includes(",") ? ", with '.' as the decimal point and no thousands separators" : "";
    return `it contains ${listed(found)}; write the number only, such as 1234.56${separators}`;
  }
  return "expected digits with an optional sign and decimal point, such as 1234.56";
}

/**
 * Parses a decimal input exactly into a coefficient and scale.
 *
 * @param input - the value to parse
 * @param where - what the value is (a field path), used in error messages
 * @returns the exact scaled integer
 * @throws DomainError `INVALID_DECIMAL` for malformed text, floats, non-finite or over-long values
 */
export function parseScaled(input: DecimalInput, where: string): ScaledInteger {
  if (typeof input === "bigint") return { coefficient: input, scale: 0 };
  if (typeof input === "number") {
    if (!Number.isFinite(input)) {
      throw new DomainError("INVALID_DECIMAL", `${where}: ${input} is not a finite number`, { path: where });
    }
    if (!Number.isSafeInteger(input)) {
      throw new DomainError(
        "INVALID_DECIMAL",
        `${where}: the JS number ${input} may not be exact (binary floating point); pass it as a decimal string such as "${input}"`,
        { path: where },
      );
    }
    return { coefficient: BigInt(input), scale: 0 };
  }
  const text = typeof input === "string" ? input : decimalJsToPlain(input, where);
  if (!DECIMAL_PATTERN.test(text)) {
    throw new DomainError(
      "INVALID_DECIMAL",
      `${where}: ${JSON.stringify(text)} is not a decimal: ${describeBadDecimal(text)}`,
      {
        path: where,
      },
    );
  }
  const digits = text.replace(/^[+-]/, "").replace(".", "");
  if (digits.length > MAX_DECIMAL_DIGITS) {
    throw new DomainError(
      "INVALID_DECIMAL",
      `${where}: ${JSON.stringify(text)} has more than ${MAX_DECIMAL_DIGITS} digits`,
      { path: where },
    );
  }
  const point = text.indexOf(".");
  const scale = point === -1 ? 0 : text.length - point - 1;
  return { coefficient: BigInt(text.replace(".", "")), scale };
}

function decimalJsToPlain(value: DecimalJs, where: string): string {
  if (!value.isFinite()) {
    throw new DomainError("INVALID_DECIMAL", `${where}: ${value.toString()} is not a finite number`, { path: where });
  }
  return new Decimal(value).toFixed();
}

/**
 * Parses a decimal input into an exact decimal.js value.
 *
 * @param input - the value
 * @param where - field path for error messages
 * @returns the exact decimal
 * @throws DomainError `INVALID_DECIMAL`
 */
export function toDecimal(input: DecimalInput, where: string): ExactDecimal {
  const { coefficient, scale } = parseScaled(input, where);
  return new Decimal(coefficient.toString()).dividedBy(new Decimal(10).pow(scale));
}

/**
 * Parses a decimal input into an exact fraction.
 *
 * @param input - the value
 * @param where - field path for error messages
 * @returns the exact fraction
 * @throws DomainError `INVALID_DECIMAL`
 */
export function toFraction(input: DecimalInput, where: string): Fraction {
  const { coefficient, scale } = parseScaled(input, where);
  return Fraction.of(coefficient, 10n ** BigInt(scale));
}

/**
 * Converts an exact decimal.js value into an exact fraction.
 *
 * @param value - a finite decimal
 * @returns the same value as a fraction
 */
export function decimalToFraction(value: ExactDecimal): Fraction {
  return toFraction(value.toFixed(), "decimal");
}

/**
 * Whether a string is a plain decimal the domain accepts.
 *
 * @param text - the text
 * @returns true for e.g. `"-1234.56"`
 */
export function isDecimalString(text: string): boolean {
  // One pass over the character codes, as DECIMAL_PATTERN and the digit count would judge it (the
  // reference in the tests): every amount of a ledger or an import is checked, and the pattern plus
  // two replacements made two strings per amount.
  const n = text.length;
  const first = n === 0 ? -1 : text.charCodeAt(0);
  let i = first === 43 || first === 45 ? 1 : 0;
  let whole = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole++;
  }
  if (whole === 0) return false;
  if (i === n) return whole <= MAX_DECIMAL_DIGITS;
  if (text.charCodeAt(i) !== 46) return false;
  let fraction = 0;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    fraction++;
  }
  return fraction > 0 && whole + fraction <= MAX_DECIMAL_DIGITS;
}
