import { unreachable } from "../errors/index.js";
import { Decimal, type ExactDecimal, Fraction, toDecimal, toFraction } from "../exact/index.js";
import { parsePeriod } from "../period/index.js";
import type { KpiDefinition } from "./KpiDefinition.js";
import type { KpiMeasurement } from "./KpiMeasurement.js";

/** Measurements combined into one exact value. */
export interface KpiAggregate {
  /** The value in the KPI's unit (a % KPI's ratio is multiplied by 100). */
  readonly value: Fraction;
  /** Σ numerators and Σ denominators of a ratio KPI. */
  readonly numerator?: ExactDecimal;
  readonly denominator?: ExactDecimal;
  readonly count: number;
  /** Σ responses and Σ population, when every measurement is a sample. */
  readonly responses?: number;
  readonly population?: number;
}

const HUNDRED = Fraction.of(100n);

/**
 * Combines valid measurements of one KPI by its aggregation rule. Ratio KPIs sum numerators and
 * denominators and divide once, so a quarter or a year is never an average of percentages.
 *
 * @param kpi - the definition (unit and aggregation)
 * @param measurements - measurements already checked by `kpiProblems`
 * @returns the aggregate, or undefined when there are none
 * @throws DomainError `INVALID_DECIMAL` for a measurement `kpiProblems` would have rejected
 * @example
 * // 245/250 and 244/250 make 489/500 = 97.8%, not the mean of 98% and 97.6%
 * aggregateMeasurements(kpi, [q1, q2])?.value.toDecimalString(1, "half-up") // "97.8"
 */
export function aggregateMeasurements(
  kpi: KpiDefinition,
  measurements: readonly KpiMeasurement[],
): KpiAggregate | undefined {
  if (measurements.length === 0) return undefined;
  const sample = samples(measurements);
  const count = measurements.length;
  switch (kpi.aggregation) {
    case "ratio": {
      let num: ExactDecimal = new Decimal(0);
      let den: ExactDecimal = new Decimal(0);
      for (const m of measurements) {
        num = num.plus(toDecimal(m.numerator ?? "", `${m.kpi} ${m.period} numerator`));
        den = den.plus(toDecimal(m.denominator ?? "", `${m.kpi} ${m.period} denominator`));
      }
      const ratio = toFraction(num.toFixed(), "numerator").div(toFraction(den.toFixed(), "denominator"));
      const value = kpi.unit === "percent" ? ratio.mul(HUNDRED) : ratio;
      return { value, numerator: num, denominator: den, count, ...sample };
    }
    case "sum":
      return { value: sumValues(measurements), count, ...sample };
    case "mean":
      return { value: sumValues(measurements).div(Fraction.of(BigInt(count))), count, ...sample };
    case "max":
    case "min": {
      const sign = kpi.aggregation === "max" ? 1 : -1;
      const values = measurements.map(measuredValue);
      const best = values.reduce((a, b) => (b.compare(a) * sign > 0 ? b : a));
      return { value: best, count, ...sample };
    }
    case "last": {
      // Each partner's latest period, then summed: a stock at the end of the period.
      const latest = new Map<string, { start: string; m: KpiMeasurement }>();
      for (const m of measurements) {
        const start = parsePeriod(m.period).start;
        const key = m.partner ?? "";
        const held = latest.get(key);
        if (held === undefined || start > held.start) latest.set(key, { start, m });
      }
      const chosen = [...latest.values()].map((x) => x.m);
      return { value: sumValues(chosen), count, ...sample };
    }
    default:
      return unreachable(kpi.aggregation);
  }
}

function measuredValue(m: KpiMeasurement): Fraction {
  return toFraction(m.value ?? "", `${m.kpi} ${m.period} value`);
}

function sumValues(measurements: readonly KpiMeasurement[]): Fraction {
  return measurements.reduce((s, m) => s.add(measuredValue(m)), Fraction.ZERO);
}

function samples(measurements: readonly KpiMeasurement[]): { responses?: number; population?: number } {
  let responses = 0;
  let population = 0;
  for (const m of measurements) {
    if (m.responses === undefined || m.population === undefined) return {};
    responses += m.responses;
    population += m.population;
  }
  return { responses, population };
}
