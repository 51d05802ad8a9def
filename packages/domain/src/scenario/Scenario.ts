import type { RemainderPolicy } from "../allocation/index.js";
import type { AvailabilityInputs } from "../availability/parseAvailability.js";
import type { RoundingMode } from "../exact/index.js";
import type { KpiDefinition } from "../kpi/KpiDefinition.js";
import type { KpiMeasurement } from "../kpi/KpiMeasurement.js";
import type { RagScheme } from "../kpi/RagScheme.js";
import type { CurrencyCode, Money } from "../money/index.js";
import type { CalendarDate, PeriodKind } from "../period/index.js";
import type { SavingsPlan } from "../savings/SavingsPlan.js";
import type { PartnerId, ServiceId } from "./ids.js";

/** A council in the partnership. */
export interface Partner {
  readonly id: PartnerId;
  readonly name: string;
}

/** A cost pool within a service (staff, licences, accommodation, …). */
export interface CostPool {
  readonly id: string;
  readonly name: string;
}

/** A service handed to another lead from the first day of a month. */
export interface Handover {
  /** The first day of a month: the new lead charges every line dated on or after it. */
  readonly effectiveFrom: CalendarDate;
  /** The lead from that date (a participant, not the lead before it). */
  readonly lead: PartnerId;
}

/** A shared service delivered by a lead council for the partners. */
export interface Service {
  readonly id: ServiceId;
  readonly name: string;
  /**
   * The council that delivers the service and recharges the others; with `handovers`, the lead
   * before the first of them.
   */
  readonly lead: PartnerId;
  /** Councils that share the service; all partners when the scenario does not say. */
  readonly participants: readonly PartnerId[];
  readonly pools: readonly CostPool[];
  /**
   * Changes of lead, oldest first: each line is charged by the lead in force on its date. Absent
   * (or empty) when the service keeps one lead.
   */
  readonly handovers?: readonly Handover[];
}

/** A fixed share of a whole: percentages totalling exactly 100, or ratios of any total. */
export type ShareUnit = "percent" | "ratio";

/** Split equally between the partners (or those listed in `among`). */
export interface EqualBasis {
  readonly kind: "equal";
  readonly among?: readonly PartnerId[];
}

/** Split by agreed fixed shares, e.g. 30/70 or 24/56/20. */
export interface FixedBasis {
  readonly kind: "fixed";
  readonly unit: ShareUnit;
  /** Exact decimal share per partner. */
  readonly shares: Readonly<Record<string, string>>;
}

/** Split by a usage driver: each partner's quantity for the period (users, hours, cases…). */
export interface DriverBasis {
  readonly kind: "driver";
  readonly driver: string;
  /** Which period's quantities apply to a cost dated in it (default `year`). */
  readonly period: PeriodKind;
  readonly among?: readonly PartnerId[];
}

/** A weighted mix of driver shares: share = Σ weight × (partner's quantity ÷ total quantity). */
export interface BlendedBasis {
  readonly kind: "blended";
  readonly components: readonly { readonly driver: string; readonly weight: string }[];
  readonly period: PeriodKind;
  readonly among?: readonly PartnerId[];
}

/** All of the cost to one partner ("managed on behalf of" budgets). */
export interface DirectBasis {
  readonly kind: "direct";
  readonly partner: PartnerId;
}

/**
 * Rate × quantity (SLA charging): each partner pays an agreed rate for its agreed quantity; the
 * difference from actual cost (under- or over-recovery) is an explicit line split by `fallback`.
 */
export interface RateBasis {
  readonly kind: "rate";
  /** Driver holding the agreed quantity per partner (e.g. `agreed-hours`). */
  readonly driver: string;
  /** Price per unit of quantity, an exact decimal in the partnership currency. */
  readonly rate: string;
  /** How each partner's charge is rounded to the minor unit. */
  readonly rounding: RoundingMode;
  readonly period: PeriodKind;
  readonly among?: readonly PartnerId[];
  /** Basis for the under- or over-recovery. */
  readonly fallback: Basis;
}

/** A fixed percentage to one partner, the rest across the others by another basis. */
export interface TwoStageBasis {
  readonly kind: "two-stage";
  readonly first: { readonly partner: PartnerId; readonly percent: string };
  /** Basis for the rest; defaults to the participants other than `first.partner`. */
  readonly rest: Basis;
}

/** Parts of the pool split by different bases, e.g. 40% equally and 60% by users. */
export interface CompositeBasis {
  readonly kind: "composite";
  readonly unit: ShareUnit;
  readonly components: readonly { readonly label: string; readonly weight: string; readonly basis: Basis }[];
}

/** How a cost pool is shared. */
export type Basis =
  | EqualBasis
  | FixedBasis
  | DriverBasis
  | BlendedBasis
  | DirectBasis
  | RateBasis
  | TwoStageBasis
  | CompositeBasis;

/** The kinds of {@link Basis}. */
export type BasisKind = Basis["kind"];

/**
 * One version of the allocation rule of a service (or one of its pools), in force from
 * `effectiveFrom` until the next version of the same service/pool.
 */
export interface RuleVersion {
  readonly id: string;
  readonly service: ServiceId;
  /** The pool it governs; absent for the service-wide rule. */
  readonly pool?: string;
  readonly effectiveFrom: CalendarDate;
  readonly basis: Basis;
  readonly remainder: RemainderPolicy;
  readonly description?: string;
}

/** VAT treatment of a recharge: usually outside the scope between councils, but a line can be taxable. */
export const VAT_TREATMENTS = ["outside-scope", "standard"] as const;

/** One of {@link VAT_TREATMENTS}. */
export type VatTreatment = (typeof VAT_TREATMENTS)[number];

/** A cost incurred by a service's lead council, to be shared. */
export interface CostLine {
  readonly id: string;
  readonly service: ServiceId;
  readonly pool: string;
  readonly date: CalendarDate;
  /** In the partnership currency, or in a foreign currency converted at the rate for `date`. */
  readonly amount: Money;
  /** VAT on recharging this line; outside the scope unless said. */
  readonly vat?: VatTreatment;
  readonly description?: string;
}

/** A recorded exchange rate: units of `currency` per one unit of the partnership currency on `date`. */
export interface FxRate {
  readonly currency: CurrencyCode;
  readonly date: CalendarDate;
  readonly rate: string;
}

/** The rate a year's budget was set at, in the same terms as {@link FxRate}. */
export interface BudgetRate {
  readonly currency: CurrencyCode;
  /** Financial year, e.g. `2024/25`. */
  readonly year: string;
  readonly rate: string;
}

/** Exchange rates for cost lines in other currencies. */
export interface FxTable {
  readonly rounding: RoundingMode;
  readonly rates: readonly FxRate[];
  readonly budgetRates: readonly BudgetRate[];
}

/** Income from third parties (e.g. services sold to other public bodies); reduces what partners pay. */
export interface IncomeLine {
  readonly id: string;
  readonly service: ServiceId;
  /** The pool whose rule splits it; absent to use the service-wide rule. */
  readonly pool?: string;
  readonly date: CalendarDate;
  /** Income received, positive. */
  readonly amount: Money;
  readonly description?: string;
}

/** A partner's quantity of a driver for one financial period. */
export interface DriverQuantity {
  readonly driver: string;
  readonly partner: PartnerId;
  /** Financial period name: `2024/25`, `2024/25-Q3` or `2024/25-P7`. */
  readonly period: string;
  /** Exact non-negative decimal. */
  readonly quantity: string;
}

/** Methods for allocating support services' costs to the services they serve. */
export const SUPPORT_METHODS = ["direct", "step-down", "reciprocal"] as const;

/** One of {@link SUPPORT_METHODS}. */
export type SupportMethod = (typeof SUPPORT_METHODS)[number];

/** What share of a support service's output another service consumes. */
export interface SupportConsumption {
  readonly from: ServiceId;
  readonly to: ServiceId;
  /** Exact decimal fraction of `from`'s output, e.g. `"0.08"`. */
  readonly share: string;
}

/** How support services (ICT serving Legal) pass costs to the services they serve. */
export interface SupportArrangement {
  readonly method: SupportMethod;
  /** Closing order for `step-down`: each service is closed after those before it. */
  readonly order?: readonly ServiceId[];
  readonly consumption: readonly SupportConsumption[];
}

/** The partnership itself. */
export interface Partnership {
  readonly id: string;
  readonly name: string;
  /** The currency recharges are made in. */
  readonly currency: CurrencyCode;
}

/** Everything a run needs: who the partners are, what they share, the rules and the figures. */
export interface Scenario {
  readonly partnership: Partnership;
  readonly partners: readonly Partner[];
  readonly services: readonly Service[];
  readonly rules: readonly RuleVersion[];
  readonly costLines: readonly CostLine[];
  readonly income: readonly IncomeLine[];
  readonly drivers: readonly DriverQuantity[];
  readonly support?: SupportArrangement;
  readonly fx?: FxTable;
  /** Budgeted cost per service pool per year (budget vs actual, advances). */
  readonly budgets?: readonly BudgetLine[];
  /** The savings agreement: baselines, indices, target, attribution, one-off items. */
  readonly savings?: SavingsPlan;
  /** Key performance indicators with their effective-dated targets. */
  readonly kpis?: readonly KpiDefinition[];
  /** KPI measurements of any years (earlier years give direction of travel and review streaks). */
  readonly measurements?: readonly KpiMeasurement[];
  /** The partnership's default RAG scheme. */
  readonly kpiScheme?: RagScheme;
  /** Service calendars, the outage log, outage-cost settings and availability reporting settings. */
  readonly availability?: AvailabilityInputs;
}

/** A pool's budgeted cost for a financial year. */
export interface BudgetLine {
  readonly service: ServiceId;
  readonly pool: string;
  /** Financial year name, e.g. `2024/25`. */
  readonly year: string;
  readonly amount: Money;
  readonly description?: string;
}
