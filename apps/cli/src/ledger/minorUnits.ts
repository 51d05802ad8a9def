import { parseMoney } from "@3c/domain";

/**
 * An amount from a ledger cell in minor units: the domain's `parseMoney`, with a fast path for
 * plain decimals (`1234.56`, `-3`, `0.5`: up to 13 whole digits, at most the currency's places)
 * that gives exactly what `parseMoney` gives (a property test checks) without its bigint
 * arithmetic, since a ledger has a million of them. Anything else goes to `parseMoney`.
 *
 * @param text - the cell, e.g. `-1234.5`
 * @param currency - the line's currency code
 * @param exponent - that currency's minor-unit exponent
 * @param where - the cell's location, for the error
 * @returns integer minor units
 * @throws DomainError `INVALID_AMOUNT`, `PRECISION_LOSS` or `AMOUNT_OVERFLOW`, from parseMoney
 */
export function minorUnits(text: string, currency: string, exponent: number, where: string): number {
  const n = text.length;
  let i = n > 0 && text.charCodeAt(0) === 45 ? 1 : 0;
  const negative = i === 1;
  let whole = 0;
  let wholeDigits = 0;
  let frac = 0;
  let fracDigits = 0;
  let dot = false;
  let plain = exponent <= 3;
  for (; i < n && plain; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (dot) {
        frac = frac * 10 + (c - 48);
        if (++fracDigits > exponent) plain = false;
      } else {
        whole = whole * 10 + (c - 48);
        if (++wholeDigits > 13) plain = false;
      }
    } else if (c === 46 && !dot) dot = true;
    else plain = false;
  }
  if (plain && wholeDigits > 0 && (!dot || fracDigits > 0)) {
    const minor = whole * 10 ** exponent + frac * 10 ** (exponent - fracDigits);
    return negative && minor !== 0 ? -minor : minor;
  }
  return parseMoney(text, currency, { path: where }).minor;
}
