import { type Fraction, toFraction } from "../exact/index.js";
import type { KpiDisplay, KpiUnit } from "./KpiDefinition.js";

/**
 * A KPI value as shown: rounded to the display's places by its named mode.
 *
 * @param value - the exact value
 * @param display - decimals and rounding mode
 * @returns e.g. `"97.8"`
 */
export function formatKpiNumber(value: Fraction, display: KpiDisplay): string {
  return value.toDecimalString(display.decimals, display.rounding);
}

/**
 * A value as it appears in a status reason: exact when it has at most four more places than the
 * display, otherwise rounded half-even to that many and marked `≈`. Trailing zeros are dropped.
 *
 * @param value - the exact value
 * @param display - the KPI's display rule
 * @returns e.g. `"97.8"`, `"0.04"` or `"≈66.66667"`
 */
export function describeKpiNumber(value: Fraction, display: KpiDisplay): string {
  const text = value.toDecimalString(display.decimals + 4, "half-even");
  const trimmed = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  return toFraction(text, "value").equals(value) ? trimmed : `≈${trimmed}`;
}

/**
 * A distance in the KPI's unit, in words: percentage points for a % KPI.
 *
 * @param amount - the distance as text
 * @param unit - the KPI's unit
 * @returns e.g. `"17.8 points"`, `"1 day"`, `"3"`
 */
export function withUnit(amount: string, unit: KpiUnit): string {
  const s = amount === "1" ? "" : "s";
  switch (unit) {
    case "percent":
      return `${amount} point${s}`;
    case "days":
      return `${amount} day${s}`;
    case "hours":
      return `${amount} hour${s}`;
    default:
      return amount;
  }
}

/**
 * Rounds a value to what the display shows, as an exact fraction.
 *
 * @param value - the exact value
 * @param display - the KPI's display rule
 * @returns the shown value, exactly
 */
export function shownValue(value: Fraction, display: KpiDisplay): Fraction {
  return toFraction(formatKpiNumber(value, display), "value");
}
