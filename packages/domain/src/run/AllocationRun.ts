import type { ApportionmentExplanation, RemainderPolicy } from "../allocation/index.js";
import type { FractionData } from "../exact/index.js";
import type { Conversion } from "../fx/index.js";
import type { CurrencyCode, Money } from "../money/index.js";
import type { CalendarDate } from "../period/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import type { BasisKind, SupportMethod } from "../scenario/Scenario.js";
import type { PlanSpec } from "./BasisPlan.js";

/** An amount for one partner. */
export interface PartnerAmount {
  readonly partner: PartnerId;
  readonly amount: Money;
}

/** What kind of line a group of lines holds. */
export type LineKind = "cost" | "income" | "support";

/** A driver quantity used by a basis. */
export interface QuantityUsed {
  readonly partner: PartnerId;
  readonly quantity: string;
}

/**
 * One step of a basis as applied to an amount: the weights or charges used and the resulting shares,
 * with nested steps for multi-stage bases (composite, two-stage, rate × quantity).
 */
export interface BasisStep {
  readonly kind: BasisKind | "rate-charges" | "recovery";
  /** What the step did, in words: "by users (2024/25)", "45.76% to CCC". */
  readonly label: string;
  readonly amount: Money;
  /** Driver quantities used, per driver, when the step is driver-based. */
  readonly drivers?: readonly {
    readonly driver: string;
    readonly period: string;
    readonly quantities: readonly QuantityUsed[];
  }[];
  /** The penny-by-penny working of the split, when the step apportions. */
  readonly apportionment?: ApportionmentExplanation;
  readonly shares: readonly PartnerAmount[];
  readonly unallocated: Money;
  readonly steps?: readonly BasisStep[];
}

/** The lines of an allocation, in canonical (id) order. */
export interface AllocationLines {
  /** Line ids. Support lines are `<origin line id>@<receiving service>`. */
  readonly ids: readonly string[];
  /** Each line's amount in minor units as allocated (income negative; support services' lines net of costs passed on). */
  readonly amounts: readonly number[];
}

/**
 * Each line's share per recipient, as `lineShares` works it out: columns aligned with `recipients`.
 * Each line's shares sum exactly to the line; each column sums exactly to the recipient's share of
 * the allocation.
 */
export interface LineShares {
  /** Partner ids, then `~unallocated` when leftovers were kept back. */
  readonly recipients: readonly string[];
  readonly ids: readonly string[];
  readonly amounts: readonly number[];
  /** `shares[r][j]`: minor units of line `j` borne by recipient `r`. */
  readonly shares: readonly (readonly number[])[];
}

/**
 * One allocation: the lines of one pool, kind and rule version whose basis uses the same period's
 * quantities, totalled and split once. Splitting the total (not each line) keeps every partner within
 * a penny of its exact share however many lines there are.
 */
export interface Allocation {
  /** `service/pool/kind/rule/basis-period`. */
  readonly id: string;
  readonly service: ServiceId;
  /**
   * The lead that issues these charges, and the part of the period it led (`leadTo` exclusive):
   * present only when the service changes lead inside the run's period.
   */
  readonly lead?: PartnerId;
  readonly leadFrom?: CalendarDate;
  readonly leadTo?: CalendarDate;
  readonly pool: string;
  readonly kind: LineKind;
  /** Rule version applied. */
  readonly rule: string;
  readonly policy: RemainderPolicy;
  /** Period whose driver quantities were used, or the run period when the basis uses none. */
  readonly basisPeriod: string;
  readonly total: Money;
  readonly shares: readonly PartnerAmount[];
  readonly unallocated: Money;
  /** How the basis produced the shares. */
  readonly basis: BasisStep;
  /** The compiled basis as data, from which `lineShares` works out each line's share. */
  readonly plan: PlanSpec;
  readonly lines: AllocationLines;
}

/** Money in and out of one pool of one service, as the run checked it. */
export interface PoolCertificate {
  readonly service: ServiceId;
  readonly pool: string;
  /** Cost less income on the lines of the pool, plus support costs received. */
  readonly moneyIn: Money;
  /** Support costs passed on to other services. */
  readonly passedOn: Money;
  /** Shares borne by partners. */
  readonly allocated: Money;
  readonly unallocated: Money;
  /** moneyIn = passedOn + allocated + unallocated, to the minor unit. */
  readonly balanced: boolean;
}

/** The run's own proof that no money was created or lost. */
export interface ConservationCertificate {
  readonly pools: readonly PoolCertificate[];
  /** Lines allocated, including support costs passed between services. */
  readonly lineCount: number;
  /** Total money in across the run (cost less third-party income). */
  readonly moneyIn: Money;
  readonly allocated: Money;
  readonly unallocated: Money;
  readonly balanced: boolean;
}

/** A pool's part of one partner's charge. */
export interface PartnerPoolCharge {
  readonly pool: string;
  readonly cost: Money;
  readonly income: Money;
  readonly total: Money;
}

/** One partner's charges for one service under one lead, when the service changed lead in the period. */
export interface PartnerLeadCharge {
  readonly lead: PartnerId;
  /** The part of the period this lead led: `from` up to (not including) `to`. */
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly total: Money;
  readonly pools: readonly PartnerPoolCharge[];
}

/** One partner's charges for one service. */
export interface PartnerServiceCharge {
  readonly service: ServiceId;
  readonly total: Money;
  readonly pools: readonly PartnerPoolCharge[];
  /** The same charges by lead, in date order: present only when the service changed lead in the period. */
  readonly byLead?: readonly PartnerLeadCharge[];
}

/** Everything a partner bears in the run. */
export interface PartnerCharges {
  readonly partner: PartnerId;
  readonly total: Money;
  readonly services: readonly PartnerServiceCharge[];
}

/** A pool's total and how it was shared. */
export interface PoolSplit {
  readonly pool: string;
  readonly total: Money;
  readonly shares: readonly PartnerAmount[];
  readonly unallocated: Money;
}

/** A service's totals under one lead, when the service changed lead in the period. */
export interface LeadSplit {
  readonly lead: PartnerId;
  /** The part of the period this lead led: `from` up to (not including) `to`. */
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly total: Money;
  readonly shares: readonly PartnerAmount[];
  readonly unallocated: Money;
  readonly pools: readonly PoolSplit[];
}

/** A service's totals and how they were shared. */
export interface ServiceSplit {
  readonly service: ServiceId;
  /** The lead in force at the period's start (the only one unless `leads` is present). */
  readonly lead: PartnerId;
  readonly total: Money;
  readonly shares: readonly PartnerAmount[];
  readonly unallocated: Money;
  readonly pools: readonly PoolSplit[];
  /**
   * The same totals by lead, in date order: present only when the service changed lead inside the
   * period. They sum exactly to the service's totals.
   */
  readonly leads?: readonly LeadSplit[];
}

/** How support services' costs were passed to the services they serve. */
export interface SupportResult {
  readonly method: SupportMethod;
  /** Of each unit of a service's own cost, the exact fraction borne through each service's rules. */
  readonly distribution: readonly {
    readonly from: ServiceId;
    readonly to: ServiceId;
    readonly fraction: FractionData;
    readonly percent: string;
  }[];
  /** Money moved from each service to each other service. */
  readonly flows: readonly { readonly from: ServiceId; readonly to: ServiceId; readonly amount: Money }[];
}

/** The result of `allocate`: plain data, JSON round-trips without loss. */
export interface AllocationResult {
  readonly engine: { readonly name: string; readonly version: string };
  readonly partnership: string;
  readonly currency: CurrencyCode;
  readonly period: { readonly name: string; readonly start: string; readonly end: string };
  readonly partners: readonly PartnerId[];
  readonly byPartner: readonly PartnerCharges[];
  readonly byService: readonly ServiceSplit[];
  readonly allocations: readonly Allocation[];
  readonly support?: SupportResult;
  readonly certificate: ConservationCertificate;
  /** Cost lines converted from other currencies, when there were any. */
  readonly conversions?: readonly Conversion[];
}

/** The result of `runAllocation`: an allocation with the hash that identifies its inputs. */
export interface AllocationRun extends AllocationResult {
  /** SHA-256 of the canonical inputs, rule versions and engine version: same inputs, any order, same hash. */
  readonly inputHash: string;
}
