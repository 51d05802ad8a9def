import { parseMoney } from "@3c/domain";

// Up to 13 whole digits: 10^13 × 10^exponent stays a safe integer for exponents up to 2.
const PLAIN = /^(-?)(\d{1,13})(?:\.(\d+))?$/;

/**
 * An amount from a ledger cell in minor units: the domain's `parseMoney`, with a fast path for
 * plain decimals (`1234.56`, `-3`, `0.5`) that gives exactly what `parseMoney` gives (a property
 * test checks) without its bigint arithmetic, since a ledger has a million of them.
 *
 * @param text - the cell, e.g. `-1234.5`
 * @param currency - the line's currency code
 * @param exponent - that currency's minor-unit exponent
 * @param where - the cell's location, for the error
 * @returns integer minor units
 * @throws DomainError `INVALID_AMOUNT`, `PRECISION_LOSS` or `AMOUNT_OVERFLOW`, from parseMoney
 */
export function minorUnits(text: string, currency: string, exponent: number, where: string): number {
  const m = PLAIN.exec(text);
  if (m !== null && exponent <= 3) {
    const frac = m[3] ?? "";
    if (frac.length <= exponent) {
      const whole = Number(m[2]) * 10 ** exponent + (frac === "" ? 0 : Number(frac) * 10 ** (exponent - frac.length));
      return m[1] === "-" ? -whole || 0 : whole;
    }
  }
  return parseMoney(text, currency, { path: where }).minor;
}
