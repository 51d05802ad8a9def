import { currency, type Money } from "@3c/domain";

/**
 * The value written to a money cell: major units as a number. Exact on reading back: for any amount
 * within ±2^53 minor units, `minor / 10^exponent` is the double nearest that decimal, its shortest
 * text is the decimal itself (≤ 15 significant digits below £10^11, which Excel keeps), so
 * `parseMoney(String(value))` gives back exactly the pennies. A test reads every cell back.
 *
 * @param m - the amount
 * @returns the cell value
 * @example moneyCellValue({ currency: "GBP", minor: 6001 }) // 60.01
 */
export function moneyCellValue(m: Money): number {
  return m.minor / 10 ** currency(m.currency).exponent;
}
