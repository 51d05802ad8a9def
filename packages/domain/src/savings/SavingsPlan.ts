import type { RoundingMode } from "../exact/index.js";
import type { CurrencyCode, Money } from "../money/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";

/**
 * How a service's saving is shared between the partners:
 * - `actual`: each partner keeps its own saving (its indexed baseline minus its contribution);
 * - `pro-rata`: the service's total saving is split in the ratio of the partners' contributions
 *   that year (a £100k saving at 60:40 contribution gives £60k and £40k);
 * - `equal`: the service's total saving is split equally between the partners with a baseline.
 */
export type SavingsAttribution = "actual" | "pro-rata" | "equal";

/** Every attribution rule, for validation and menus. */
export const SAVINGS_ATTRIBUTIONS = ["actual", "pro-rata", "equal"] as const satisfies readonly SavingsAttribution[];

/** A published index (pay or price inflation): an exact value per financial year, e.g. `2024/25` → `"112.4"`. */
export interface IndexSeries {
  readonly id: string;
  readonly name: string;
  /** Exact positive decimal per financial year name. */
  readonly values: Readonly<Record<string, string>>;
}

/** One component of a baseline's indexation: a share of the baseline that moves with an index. */
export interface Indexation {
  /** Id of an {@link IndexSeries}. */
  readonly index: string;
  /** Exact non-negative weight (e.g. `"70"` for pay, `"30"` for prices); weights need not total 100. */
  readonly weight: string;
}

/** A partner's own annual cost of a service before sharing: what it would pay had it not shared. */
export interface Baseline {
  readonly partner: PartnerId;
  readonly service: ServiceId;
  /** The financial year the amount is priced in, e.g. `2014/15`. */
  readonly baseYear: string;
  readonly amount: Money;
  /** How the amount is brought to later years' prices; absent means not indexed. */
  readonly indexation?: readonly Indexation[];
}

/** What a partner paid for a service in a year: its recharged share plus, for the lead, its retained share. */
export interface Contribution {
  readonly partner: PartnerId;
  readonly service: ServiceId;
  readonly year: string;
  readonly amount: Money;
  /** Where the figure came from, e.g. a run's input hash or a ledger reference. */
  readonly source?: string;
}

/** How a one-off cost or its funding is shared between partners. */
export type OneOffSplit =
  | { readonly kind: "equal"; readonly among?: readonly PartnerId[] }
  | { readonly kind: "fixed"; readonly unit: "percent" | "ratio"; readonly shares: Readonly<Record<string, string>> }
  /** In proportion to the partners' (unindexed) baselines of the item's service, or of all services. */
  | { readonly kind: "baseline" }
  /** In proportion to the partners' contributions in the item's year (to its service, or to all). */
  | { readonly kind: "contribution" }
  | { readonly kind: "direct"; readonly partner: PartnerId };

/** A one-off cost (set-up, redundancy, transformation) or external funding of such costs (a grant). */
export interface OneOffItem {
  readonly id: string;
  /** A cost the partners bear, or funding that reduces what they bear. */
  readonly kind: "cost" | "funding";
  /** E.g. `set-up`, `redundancy`, `transformation`, `grant`. */
  readonly category: string;
  /** The service it belongs to; absent for partnership-wide items. */
  readonly service?: ServiceId;
  readonly year: string;
  /** Positive amount. */
  readonly amount: Money;
  readonly split: OneOffSplit;
  readonly description?: string;
}

/** A partnership's savings agreement: baselines, indices, targets, attribution and one-off items. */
export interface SavingsPlan {
  readonly currency: CurrencyCode;
  /** How indexed baselines, targets and percentages are rounded. */
  readonly rounding: RoundingMode;
  readonly attribution: SavingsAttribution;
  /** Target saving as a percentage of the indexed baseline, e.g. `"15"`; per service overrides below. */
  readonly targetPercent?: string;
  readonly serviceTargets?: Readonly<Record<string, string>>;
  readonly indices: readonly IndexSeries[];
  readonly baselines: readonly Baseline[];
  /** Contributions of past years (from earlier runs); the current year's come from the run. */
  readonly contributions: readonly Contribution[];
  readonly oneOffs: readonly OneOffItem[];
}
