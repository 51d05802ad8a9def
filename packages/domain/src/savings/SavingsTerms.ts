import type { SavingsPlan } from "./SavingsPlan.js";

/**
 * The partnership-wide terms of a savings agreement that rate a year's savings: how baselines are
 * indexed, how a saving is attributed, the targets and how figures are rounded. A partnership may
 * agree new terms from a year on; a report covering several years rates each year by its own.
 * Baselines, contributions and one-off items are not terms: they are the figures rated.
 */
export interface SavingsTerms {
  /** How indexed baselines, targets and percentages of the year are rounded. */
  readonly rounding: SavingsPlan["rounding"];
  readonly attribution: SavingsPlan["attribution"];
  /** Target saving as a percentage of the indexed baseline; absent: no target that year. */
  readonly targetPercent?: string;
  /** Per-service targets, by service id; absent: `targetPercent` for every service. */
  readonly serviceTargets?: Readonly<Record<string, string>>;
  /** The index series the year's baselines are indexed by (values of the base year and the year). */
  readonly indices: SavingsPlan["indices"];
  /** Where the terms come from, e.g. the id of the agreed terms version; copied to the lineage of every line they rate. */
  readonly source?: string;
}

/**
 * The terms of a savings plan, as {@link SavingsTerms}: what a report uses for a year that has no
 * terms of its own.
 *
 * @param plan - the savings agreement
 * @returns its rounding, attribution, targets and indices (no `source`)
 * @example savingsReport(plan, [], { termsByYear: { "2024/25": savingsTermsOf(lastYearsPlan) } })
 */
export function savingsTermsOf(plan: SavingsPlan): SavingsTerms {
  return {
    rounding: plan.rounding,
    attribution: plan.attribution,
    ...(plan.targetPercent === undefined ? {} : { targetPercent: plan.targetPercent }),
    ...(plan.serviceTargets === undefined ? {} : { serviceTargets: plan.serviceTargets }),
    indices: plan.indices,
  };
}
