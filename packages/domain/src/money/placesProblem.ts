import { DomainError } from "../errors/index.js";
import { type CurrencyCode, currency } from "./Currency.js";
import { parseMoney } from "./Money.js";

/**
 * What to say of an amount with more decimal places than its currency has, for a validator that
 * lists every problem rather than stopping at the first (`parseMoney` throws `PRECISION_LOSS`).
 * Anything else wrong with the amount is left to the schema's own check.
 *
 * @param amount - the amount as given
 * @param code - its currency
 * @returns the problem, or undefined when the places are fine (or it is not a decimal at all)
 * @example placesProblem("1.234", "GBP") // '"1.234" has more decimal places than GBP allows (2)'
 */
export function placesProblem(amount: string, code: CurrencyCode): string | undefined {
  try {
    parseMoney(amount, code);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === "PRECISION_LOSS")
      return `${JSON.stringify(amount)} has more decimal places than ${code} allows (${currency(code).exponent})`;
    return undefined;
  }
}
