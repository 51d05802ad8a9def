import { unreachable } from "../errors/index.js";
import { Fraction } from "../exact/index.js";
import { shownValue } from "./formatKpiNumber.js";
import type { KpiDefinition } from "./KpiDefinition.js";
import type { KpiDirection } from "./KpiScorecard.js";

/** A band's edges, exactly. */
export interface KpiBand {
  readonly lower: Fraction;
  readonly upper: Fraction;
}

/**
 * How far a value lies outside a band (zero inside it).
 *
 * @param value - the value
 * @param band - the inclusive band
 * @returns the distance to the nearer edge, or zero
 */
export function distanceFromBand(value: Fraction, band: KpiBand): Fraction {
  if (value.compare(band.lower) < 0) return band.lower.sub(value);
  if (value.compare(band.upper) > 0) return value.sub(band.upper);
  return Fraction.ZERO;
}

/**
 * Direction of travel from an earlier value to the current one, judged by the KPI's polarity and
 * compared as shown (at the display's places), so two figures that read the same are `same`.
 * A within-band KPI improves when it moves closer to its band (both inside: `same`).
 *
 * @param kpi - the definition (polarity and display)
 * @param current - this period's value
 * @param earlier - the value compared against (previous quarter or same period last year)
 * @param band - the current band, for a within-band KPI
 * @returns `improved`, `same`, `worse`, or `n/a` when a value (or the band) is missing
 * @example directionOfTravel(lowerIsBetter, Fraction.of(3n), Fraction.of(5n)) // "improved"
 */
export function directionOfTravel(
  kpi: Pick<KpiDefinition, "polarity" | "display">,
  current: Fraction | undefined,
  earlier: Fraction | undefined,
  band?: KpiBand,
): KpiDirection {
  if (current === undefined || earlier === undefined) return "n/a";
  const now = shownValue(current, kpi.display);
  const then = shownValue(earlier, kpi.display);
  let better: number;
  switch (kpi.polarity) {
    case "higher-is-better":
      better = now.compare(then);
      break;
    case "lower-is-better":
      better = then.compare(now);
      break;
    case "within-band":
      if (band === undefined) return "n/a";
      better = distanceFromBand(then, band).compare(distanceFromBand(now, band));
      break;
    default:
      return unreachable(kpi.polarity);
  }
  return better > 0 ? "improved" : better < 0 ? "worse" : "same";
}
