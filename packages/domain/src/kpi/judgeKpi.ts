import { unreachable } from "../errors/index.js";
import { Fraction, toFraction } from "../exact/index.js";
import { directionOfTravel, distanceFromBand, type KpiBand } from "./directionOfTravel.js";
import { describeKpiNumber, withUnit } from "./formatKpiNumber.js";
import type { KpiDefinition, KpiTarget } from "./KpiDefinition.js";
import type { KpiStatus } from "./KpiScorecard.js";
import { type KpiTolerance, toleranceAmount } from "./KpiTolerance.js";
import type { RagScheme } from "./RagScheme.js";

/** A status and the reason for it, in words. */
export interface KpiJudgement {
  readonly status: KpiStatus;
  readonly reason: string;
}

/** What {@link judgeKpi} needs to know about one period. */
export interface JudgeKpiInput {
  readonly kpi: KpiDefinition;
  readonly scheme: RagScheme;
  /** The period's exact value; undefined when there is no data. */
  readonly value: Fraction | undefined;
  /** The target version in force on the period's first day; undefined when none is. */
  readonly target: KpiTarget | undefined;
  /** The same period last year, for the `improvement` scheme. */
  readonly lastYear?: { readonly period: string; readonly value: Fraction | undefined };
  /**
   * The months of the year the value covers (1 to 12; default 12). A `sum` KPI's target is a
   * year's, so a value of fewer months is judged by the target profiled evenly to them
   * (× months ÷ 12), and so are its absolute tolerance, blue threshold and bands.
   */
  readonly months?: number | undefined;
}

/**
 * The part of a `sum` KPI's yearly target that a figure of `months` months answers for: months ÷ 12,
 * or undefined when nothing is profiled (another aggregation, or a whole year).
 *
 * @param kpi - the KPI
 * @param months - the months of the year the figure covers
 * @returns the profile, or undefined
 */
export function yearProfile(kpi: KpiDefinition, months: number | undefined): Fraction | undefined {
  if (kpi.aggregation !== "sum" || months === undefined || months >= 12 || months < 1) return undefined;
  return Fraction.of(BigInt(months), 12n);
}

/**
 * The band of a band target, exactly.
 *
 * @param target - a band target
 * @returns its edges as fractions
 */
export function bandOf(target: Extract<KpiTarget, { kind: "band" }>): KpiBand {
  return { lower: toFraction(target.lower, "target.lower"), upper: toFraction(target.upper, "target.upper") };
}

/**
 * Judges one period of a KPI: Grey when monitoring-only, `not-applicable` without a target in
 * force, `no-data` without a value, otherwise Blue, Green, Amber or Red by the scheme. All
 * comparisons are exact; boundaries are inclusive (a shortfall equal to the tolerance is Amber).
 *
 * @param input - the KPI, scheme, value, target and (for `improvement`) last year's value
 * @returns the status and its reason
 * @throws DomainError `INVALID_DECIMAL` for a definition `kpiProblems` would have rejected
 * @example
 * judgeKpi({ kpi, scheme: { kind: "tolerance" }, value: Fraction.of(489n, 5n), target })
 * // { status: "green", reason: "97.8 meets the target of 80 (17.8 points better)" }
 */
export function judgeKpi(input: JudgeKpiInput): KpiJudgement {
  const { kpi, scheme, value, target } = input;
  const show = (f: Fraction) => describeKpiNumber(f, kpi.display);
  const amount = (f: Fraction) => withUnit(show(f), kpi.unit);
  // A sum KPI's yearly target (and every absolute size with it) profiled to the months the value covers.
  const profile = yearProfile(kpi, input.months);
  const profiled = (f: Fraction) => (profile === undefined ? f : f.mul(profile));
  const forMonths = (yearly: string) =>
    profile === undefined ? "" : ` for ${input.months} month${input.months === 1 ? "" : "s"} (${yearly} a year)`;
  if (kpi.monitoringOnly) {
    return value === undefined
      ? { status: "no-data", reason: "no measurements for this period" }
      : { status: "grey", reason: `${show(value)}: monitoring only, not rated` };
  }
  if (target === undefined) return { status: "not-applicable", reason: "no target was in force" };
  if (target.kind === "not-applicable") {
    return { status: "not-applicable", reason: `the KPI does not apply from ${target.effectiveFrom}` };
  }
  if (value === undefined) return { status: "no-data", reason: "no measurements for this period" };

  // margin ≥ 0: target met by that much; margin < 0: short by −margin. `reference` sizes a relative tolerance.
  let margin: Fraction;
  let reference: Fraction;
  let gap: string;
  let band: KpiBand | undefined;
  if (target.kind === "value") {
    reference = profiled(toFraction(target.value, "target.value"));
    margin = kpi.polarity === "lower-is-better" ? reference.sub(value) : value.sub(reference);
    gap =
      profile === undefined
        ? `the target of ${target.value}`
        : `the target of ${show(reference)}${forMonths(target.value)}`;
  } else {
    const yearly = bandOf(target);
    band = { lower: profiled(yearly.lower), upper: profiled(yearly.upper) };
    const below = value.compare(band.lower) < 0;
    reference = below ? band.lower : band.upper;
    margin = Fraction.ZERO.sub(distanceFromBand(value, band));
    gap =
      profile === undefined
        ? `the band ${target.lower}–${target.upper}`
        : `the band ${show(band.lower)}–${show(band.upper)}${forMonths(`${target.lower}–${target.upper}`)}`;
  }
  const v = show(value);
  const tol = (t: KpiTolerance | undefined) => {
    // A relative size follows the (profiled) reference; an absolute one is a year's, profiled too.
    const size =
      t === undefined
        ? Fraction.ZERO
        : t.kind === "absolute"
          ? profiled(toleranceAmount(t, reference))
          : toleranceAmount(t, reference);
    const words = t?.kind === "relative" ? `${amount(size)} (${t.percent}% of the target)` : amount(size);
    return { size, words };
  };

  if (margin.compare(Fraction.ZERO) >= 0) {
    if (kpi.blue !== undefined && target.kind === "value") {
      const blue = tol(kpi.blue);
      if (margin.compare(blue.size) >= 0 && !blue.size.isZero()) {
        return { status: "blue", reason: `${v} beats ${gap} by ${amount(margin)}, at least ${blue.words}` };
      }
    }
    if (target.kind === "band") return { status: "green", reason: `${v} is within ${gap}` };
    return {
      status: "green",
      reason: margin.isZero() ? `${v} meets ${gap}` : `${v} meets ${gap} (${amount(margin)} better)`,
    };
  }

  const shortfall = Fraction.ZERO.sub(margin);
  const side = target.kind === "band" ? (value.compare(reference) < 0 ? "below" : "above") : "short of";
  const short = `${v} is ${amount(shortfall)} ${side} ${gap}`;
  switch (scheme.kind) {
    case "tolerance": {
      const t = tol(kpi.tolerance);
      return shortfall.compare(t.size) <= 0
        ? { status: "amber", reason: `${short}, within the tolerance of ${t.words}` }
        : { status: "red", reason: `${short}, beyond the tolerance of ${t.words}` };
    }
    case "bands": {
      const green = tol(scheme.green);
      const amber = tol(scheme.amber);
      if (shortfall.compare(green.size) <= 0)
        return { status: "green", reason: `${short}, within the green band of ${green.words}` };
      if (shortfall.compare(amber.size) <= 0)
        return { status: "amber", reason: `${short}, within the amber band of ${amber.words}` };
      return { status: "red", reason: `${short}, beyond the amber band of ${amber.words}` };
    }
    case "improvement": {
      const t = tol(kpi.tolerance);
      if (shortfall.compare(t.size) <= 0)
        return { status: "amber", reason: `${short}, within the tolerance of ${t.words}` };
      const last = input.lastYear;
      if (last?.value === undefined) {
        const when = last === undefined ? "last year" : last.period;
        return { status: "red", reason: `${short}, beyond the tolerance of ${t.words}, with no figure for ${when}` };
      }
      const improved = directionOfTravel(kpi, value, last.value, band) === "improved";
      const before = `${show(last.value)} in ${last.period}`;
      return improved
        ? { status: "amber", reason: `${short}, beyond the tolerance of ${t.words} but better than ${before}` }
        : { status: "red", reason: `${short}, beyond the tolerance of ${t.words} and no better than ${before}` };
    }
    default:
      return unreachable(scheme);
  }
}
