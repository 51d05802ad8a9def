import { currency } from "./Currency.js";
import type { Money } from "./Money.js";

/** Options for {@link formatMoney}. */
export interface FormatMoneyOptions {
  /** Show the currency symbol (default true). */
  readonly symbol?: boolean;
  /** Group thousands with commas (default true). */
  readonly grouping?: boolean;
}

/**
 * Formats money for people: `£1,234.56`, credits as `-£5.00`.
 *
 * @param value - the amount
 * @param options - symbol and grouping switches
 * @returns the formatted text
 * @example formatMoney(parseMoney("-5", "GBP")) // "-£5.00"
 */
export function formatMoney(value: Money, options: FormatMoneyOptions = {}): string {
  const c = currency(value.currency);
  const body = toDecimalString(value, options.grouping ?? true).replace(/^-/, "");
  const symbol = options.symbol === false ? "" : c.symbol;
  return `${value.minor < 0 ? "-" : ""}${symbol}${body}`;
}

/**
 * Prints an amount as a plain decimal string in major units, the form documents and CSV use.
 *
 * @param value - the amount
 * @param grouping - group thousands with commas (default false)
 * @returns e.g. `"1234.56"` or `"-0.01"`
 */
export function toDecimalString(value: Money, grouping = false): string {
  const { exponent } = currency(value.currency);
  const negative = value.minor < 0;
  const digits = Math.abs(value.minor)
    .toString()
    .padStart(exponent + 1, "0");
  let whole = digits.slice(0, digits.length - exponent);
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : "";
  return `${negative ? "-" : ""}${whole}${frac}`;
}
