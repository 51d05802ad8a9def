import { DomainError } from "../errors/index.js";
import { Fraction, type FractionData, toFraction } from "../exact/index.js";
import type { Indexation, IndexSeries } from "./SavingsPlan.js";

/** How one index component moved a baseline from its base year to a later year. */
export interface IndexStep {
  readonly index: string;
  readonly weight: string;
  /** The index's value in the base year and in the year priced. */
  readonly baseValue: string;
  readonly yearValue: string;
}

/** The factor that brings a baseline to a year's prices, with the steps that produced it. */
export interface IndexFactor {
  /** Σ weightᵢ × (indexᵢ(year) ÷ indexᵢ(base)) ÷ Σ weightᵢ, exactly; 1 when not indexed. */
  readonly factor: FractionData;
  readonly steps: readonly IndexStep[];
}

function indexValue(series: IndexSeries, year: string, where: string): string {
  const value = series.values[year];
  if (value === undefined) {
    throw new DomainError("MISSING_INDEX", `${where}: index "${series.id}" has no value for ${year}`, { path: where });
  }
  return value;
}

/**
 * Works out the exact factor that brings a baseline priced in `baseYear` to `year`'s prices: the
 * weighted mean of each index's growth (e.g. 70% pay index, 30% price index).
 *
 * @param indexation - the baseline's index components; empty or absent means not indexed (factor 1)
 * @param indices - the index series by id
 * @param baseYear - the year the baseline is priced in
 * @param year - the year to price it in
 * @param where - label for errors
 * @returns the exact factor and its steps
 * @throws DomainError `MISSING_INDEX` for an unknown index or a year without a value,
 *   `INVALID_SCENARIO` for zero total weight or a zero base value
 * @example indexFactor([{ index: "pay", weight: "1" }], pay, "2014/15", "2024/25") // pay(24/25) ÷ pay(14/15)
 */
export function indexFactor(
  indexation: readonly Indexation[] | undefined,
  indices: ReadonlyMap<string, IndexSeries>,
  baseYear: string,
  year: string,
  where = "baseline",
): IndexFactor {
  if (indexation === undefined || indexation.length === 0) return { factor: Fraction.ONE.toData(), steps: [] };
  let weighted = Fraction.ZERO;
  let totalWeight = Fraction.ZERO;
  const steps: IndexStep[] = [];
  for (const component of indexation) {
    const series = indices.get(component.index);
    if (series === undefined) {
      throw new DomainError("MISSING_INDEX", `${where}: no index series "${component.index}"`, { path: where });
    }
    const baseValue = indexValue(series, baseYear, where);
    const yearValue = indexValue(series, year, where);
    const base = toFraction(baseValue, `${where}.${component.index}.${baseYear}`);
    if (base.isZero()) {
      throw new DomainError("INVALID_SCENARIO", `${where}: index "${series.id}" is zero in ${baseYear}`, {
        path: where,
      });
    }
    const weight = toFraction(component.weight, `${where}.weight`);
    weighted = weighted.add(weight.mul(toFraction(yearValue, `${where}.${component.index}.${year}`).div(base)));
    totalWeight = totalWeight.add(weight);
    steps.push({ index: component.index, weight: component.weight, baseValue, yearValue });
  }
  if (totalWeight.isZero()) {
    throw new DomainError("INVALID_SCENARIO", `${where}: indexation weights total zero`, { path: where });
  }
  return { factor: weighted.div(totalWeight).toData(), steps };
}
