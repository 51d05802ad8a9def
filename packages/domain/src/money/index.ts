export { CURRENCIES, type Currency, type CurrencyCode, currency, isCurrencyCode } from "./Currency.js";
export { type FormatMoneyOptions, formatMoney, toDecimalString } from "./format.js";
export {
  abs,
  add,
  bigintToMinor,
  checkMinor,
  compare,
  divide,
  equals,
  fromMinor,
  isNegative,
  isZero,
  type Money,
  multiply,
  negate,
  type ParseMoneyOptions,
  parseMoney,
  subtract,
  sum,
  zero,
} from "./Money.js";
