export {
  Decimal,
  type DecimalInput,
  decimalToFraction,
  describeBadDecimal,
  type ExactDecimal,
  isDecimalString,
  MAX_DECIMAL_DIGITS,
  parseScaled,
  type ScaledInteger,
  toDecimal,
  toFraction,
} from "./decimal.js";
export { Fraction, type FractionData } from "./Fraction.js";
export { divideRounded, isRoundingMode, ROUNDING_MODES, type RoundingMode } from "./RoundingMode.js";
