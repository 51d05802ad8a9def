import {
  type AvailabilityFigures,
  availability,
  type Outage,
  type OutageInPeriod,
  outageCost,
  parseInstant,
  periodInterval,
} from "../availability/index.js";
import { DomainError } from "../errors/index.js";
import { type KpiReviewFlag, type KpiScorecard, type KpiWarning, kpiReportedIn } from "../kpi/index.js";
import { add, type CurrencyCode, type Money, subtract, sum, zero } from "../money/index.js";
import { percentOf } from "../money/percentOf.js";
import { type CalendarDate, type FinancialPeriod, parsePeriod, periodContains, subdivide } from "../period/index.js";
import { type AllocationResult, type AllocationRun, runAllocation } from "../run/index.js";
import type { OneOffShare, SavingsReport, SavingsTerms, ServiceSaving } from "../savings/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import type { Scenario } from "../scenario/Scenario.js";
import { kpiScorecard } from "./kpiScorecard.js";
import { scenarioSavings } from "./scenarioSavings.js";

/** Budget against actual for one cost pool. */
export interface PoolFinance {
  readonly pool: string;
  readonly name: string;
  /** Null when the pool has no budget for the year. */
  readonly budget: Money | null;
  /** Cost lines of the pool dated in the year, in the partnership currency. */
  readonly actual: Money;
  /** Actual minus budget: positive is an overspend. */
  readonly variance: Money | null;
}

/**
 * What one partner paid for the service; when the service changed lead in the year, what it paid
 * for one lead's part (`lead`, `leadFrom`, `leadTo`), one row per partner per part.
 */
export interface PartnerRecharge {
  readonly partner: PartnerId;
  readonly amount: Money;
  /** Share of the service's net cost, %, 2 places. */
  readonly percent: string;
  /** True for the lead (of the part): its share is retained, not invoiced. */
  readonly retained: boolean;
  readonly lead?: PartnerId;
  readonly leadFrom?: CalendarDate;
  readonly leadTo?: CalendarDate;
}

/** The finance section of the standard report. */
export interface ServiceFinance {
  readonly budget: Money | null;
  /** Gross cost of the service's own cost lines in the year. */
  readonly actual: Money;
  readonly variance: Money | null;
  /** Variance as % of budget, 2 places; null without a budget. */
  readonly variancePercent: string | null;
  readonly income: Money;
  /** Support costs received from other services less those passed on to them. */
  readonly supportNet: Money;
  /** What the partners bore between them: actual − income + support net. */
  readonly net: Money;
  readonly pools: readonly PoolFinance[];
  readonly recharges: readonly PartnerRecharge[];
  /** The allocation run's input hash: the figures above can be reproduced from it. */
  readonly inputHash: string;
}

/** The savings section of the standard report: the service's savings per partner for the year. */
export interface ServiceSavings {
  readonly attribution: string;
  /**
   * The year's savings per partner: empty when the year has no figures for the service (no
   * contribution recorded for it and no lines of the service in it to run), `total` then zero.
   */
  readonly partners: readonly ServiceSaving[];
  readonly total: { readonly indexedBaseline: Money; readonly contribution: Money; readonly saving: Money };
  /** The partners' savings since the first year, to `cumulativeTo`. */
  readonly cumulative: Money;
  /**
   * The last year with figures for the service up to the year reported: the year itself, or an
   * earlier one when the year has none yet (null when no year has any).
   */
  readonly cumulativeTo: string | null;
  /** One-off costs and funding of this service, with their split. */
  readonly oneOffs: readonly OneOffShare[];
}

/** The standard annual report of one shared service: the same structure for every service. */
export interface AnnualReport {
  readonly partnership: { readonly id: string; readonly name: string };
  /**
   * The service and its lead at the year's start; `leads` lists each lead's part of the year when
   * the service changed lead in it.
   */
  readonly service: {
    readonly id: ServiceId;
    readonly name: string;
    readonly lead: PartnerId;
    readonly leads?: readonly { readonly lead: PartnerId; readonly from: CalendarDate; readonly to: CalendarDate }[];
  };
  readonly year: string;
  readonly currency: CurrencyCode;
  readonly finance: ServiceFinance;
  /** Null when the scenario has no savings agreement or no baselines for the service. */
  readonly savings: ServiceSavings | null;
  /** The service's KPIs for the year, with RAG, direction of travel and prediction; null when it has none. */
  readonly kpis: KpiScorecard | null;
  /**
   * Availability, the outage log and what outages cost each partner over the months ended by `asAt`;
   * null without a calendar for the service.
   */
  readonly outages: ServiceOutages | null;
  /** Everything the committee should look at again: stretch targets and evaluation warnings. */
  readonly reviewFlags: readonly ReportFlag[];
}

/** One outage of the service in the year, as the report lists it. */
export interface ReportedOutage {
  readonly id: string;
  readonly start: string;
  readonly end?: string;
  readonly systems: readonly string[];
  readonly planned: boolean;
  readonly priority: string;
  readonly users: number;
  /** Length within the year, and within agreed service time, in seconds. */
  readonly elapsedSeconds: number;
  readonly inServiceSeconds: number;
  /** What it cost the partners, when outage costing is set up. */
  readonly cost?: Money;
}

/**
 * The outages section of the standard report: availability, the outage log and its cost over the
 * months of the year ended when the report is taken (`from` to `to`).
 */
export interface ServiceOutages {
  /** The first day read: the year's start. */
  readonly from: CalendarDate;
  /**
   * The first day not read (exclusive): the year's end, or, for a year still running when the report
   * is taken, the first day of the month in progress (the year's start when it has not begun).
   */
  readonly to: CalendarDate;
  /**
   * False while the year is running at `asAt`: the months to come, and the month in progress, are
   * not read yet (the log cannot hold outages that have not happened, so they would count as served).
   */
  readonly complete: boolean;
  /** The service row, then one row per partner. */
  readonly availability: readonly AvailabilityFigures[];
  readonly outages: readonly ReportedOutage[];
  /** Each partner's share of the outages' cost and the total; null when outage costing is not set up. */
  readonly cost: {
    readonly byPartner: readonly { readonly partner: string; readonly amount: Money }[];
    readonly total: Money;
  } | null;
}

/** Options for {@link annualReport}. */
export interface AnnualReportOptions {
  /**
   * When the report is taken (ISO 8601 instant): open outages end here, and one beginning at or after
   * it counts nothing; the outages section reads only the months ended by then. Without it, the
   * outage log is read whole (it is taken as complete) and open outages are refused.
   */
  readonly asAt?: string;
  /**
   * Savings terms of earlier years, by year: the savings section's cumulative figures rate each
   * year by the terms in force then (see `savingsReport`), not by the scenario's.
   */
  readonly savingsTermsByYear?: Readonly<Record<string, SavingsTerms>>;
  /**
   * Allocations of whole earlier years, by year, for the savings section's cumulative figures (see
   * `scenarioSavings`'s `runsByYear`): for a caller that keeps each year's lines apart.
   */
  readonly savingsRunsByYear?: Readonly<Record<string, AllocationResult>>;
  /**
   * The year's allocation when the caller already has it (`runAllocation(scenario, year)`, e.g.
   * kept from an earlier request): used instead of running the scenario again.
   */
  readonly run?: AllocationRun;
}

/** A point the report raises for review. */
export interface ReportFlag {
  readonly kpi: string;
  readonly kind: KpiReviewFlag["kind"] | KpiWarning["kind"];
  readonly period?: string;
  readonly partner?: string;
  readonly message: string;
}

/**
 * Builds the standard annual report of a service as plain data — the same structure for every
 * service, so every partner reads the same report: budget against actual by pool, what each
 * partner paid, each partner's savings against baseline and target, the service's KPI scorecard
 * (judged by the targets in force then) and the points flagged for review.
 *
 * @param scenario - the partnership's scenario, with budgets and savings agreement when it has them
 * @param serviceId - the service reported on
 * @param year - a financial year, e.g. `2024/25`
 * @param options - when the report is taken, for outages still open; earlier years' savings terms
 *   and runs; the year's own run when the caller has it
 * @returns the report
 * @throws DomainError `INVALID_PERIOD` when `year` is not a financial year or `options.run` is not
 *   of it, `INVALID_SCENARIO` for an unknown service, and whatever allocation or savings throw
 * @example annualReport(demoScenario(), "ICT", "2024/25").finance.recharges
 */
export function annualReport(
  scenario: Scenario,
  serviceId: string,
  year: string,
  options: AnnualReportOptions = {},
): AnnualReport {
  const period = parsePeriod(year, "year");
  if (period.kind !== "year") {
    throw new DomainError("INVALID_PERIOD", `An annual report covers a financial year; got ${year}`, { path: "year" });
  }
  const service = scenario.services.find((s) => s.id === serviceId);
  if (service === undefined) {
    throw new DomainError(
      "INVALID_SCENARIO",
      `No service ${JSON.stringify(serviceId)} in the partnership; its services are ${scenario.services
        .map((s) => s.id)
        .sort()
        .join(", ")}`,
      { path: "service" },
    );
  }
  const code = scenario.partnership.currency;
  if (options.run !== undefined && options.run.period.name !== period.name) {
    throw new DomainError(
      "INVALID_PERIOD",
      `run: the run given is of ${options.run.period.name}, not of ${period.name}`,
      { path: "run" },
    );
  }
  const run = options.run ?? runAllocation(scenario, period);
  const kpis = (scenario.kpis ?? []).some((k) => k.service === service.id && kpiReportedIn(k, period))
    ? kpiScorecard(scenario, period.name, {
        service: service.id,
        ...(options.asAt === undefined ? {} : { asAt: options.asAt }),
      })
    : null;
  const converted = new Map((run.conversions ?? []).map((c) => [c.line, c.converted]));

  const lines = scenario.costLines.filter((l) => l.service === service.id && periodContains(period, l.date));
  const income = scenario.income.filter((l) => l.service === service.id && periodContains(period, l.date));
  const pools: PoolFinance[] = service.pools.map((pool) => {
    const actual = sum(
      lines.filter((l) => l.pool === pool.id).map((l) => converted.get(l.id) ?? l.amount),
      code,
    );
    const budgetLines = (scenario.budgets ?? []).filter(
      (b) => b.service === service.id && b.pool === pool.id && b.year === period.name,
    );
    const budget =
      budgetLines.length === 0
        ? null
        : sum(
            budgetLines.map((b) => b.amount),
            code,
          );
    return {
      pool: pool.id,
      name: pool.name,
      budget,
      actual,
      variance: budget === null ? null : subtract(actual, budget),
    };
  });
  const actual = sum(
    pools.map((p) => p.actual),
    code,
  );
  const budgeted = pools.filter((p) => p.budget !== null);
  const budget =
    budgeted.length === 0
      ? null
      : sum(
          budgeted.map((p) => p.budget as Money),
          code,
        );
  const incomeTotal = sum(
    income.map((l) => l.amount),
    code,
  );
  const split = run.byService.find((s) => s.service === service.id);
  const net = split?.total ?? zero(code);
  const supportNet = subtract(net, subtract(actual, incomeTotal));
  const lead = split?.lead ?? service.lead;
  const recharges: PartnerRecharge[] =
    split?.leads === undefined
      ? (split?.shares ?? []).map((s) => ({
          partner: s.partner,
          amount: s.amount,
          percent: percentOf(s.amount, net, "half-even") ?? "0.00",
          retained: s.partner === lead,
        }))
      : split.leads.flatMap((part) =>
          part.shares.map((s) => ({
            partner: s.partner,
            amount: s.amount,
            percent: percentOf(s.amount, net, "half-even") ?? "0.00",
            retained: s.partner === part.lead,
            lead: part.lead,
            leadFrom: part.from,
            leadTo: part.to,
          })),
        );
  const variance = budget === null ? null : subtract(actual, budget);

  return {
    partnership: { id: scenario.partnership.id, name: scenario.partnership.name },
    service: {
      id: service.id,
      name: service.name,
      lead,
      ...(split?.leads === undefined
        ? {}
        : { leads: split.leads.map((l) => ({ lead: l.lead, from: l.from, to: l.to })) }),
    },
    year: period.name,
    currency: code,
    finance: {
      budget,
      actual,
      variance,
      variancePercent: budget === null || variance === null ? null : percentOf(variance, budget, "half-even"),
      income: incomeTotal,
      supportNet,
      net,
      pools,
      recharges,
      inputHash: run.inputHash,
    },
    savings: serviceSavings(scenario, service.id, period.name, run, options),
    kpis,
    outages: serviceOutages(scenario, service.id, period, options),
    reviewFlags: flagsOf(kpis),
  };
}

function serviceOutages(
  scenario: Scenario,
  service: ServiceId,
  year: FinancialPeriod,
  options: AnnualReportOptions,
): ServiceOutages | null {
  const inputs = scenario.availability;
  const calendar = inputs?.calendars[service];
  if (inputs === undefined || calendar === undefined) return null;
  const log = inputs.outages.filter((o) => o.services.includes(service));
  const asAt = options.asAt === undefined ? {} : { asAt: options.asAt };
  const until = endedBy(year, options.asAt);
  const report = availability(log, year, {
    calendars: { [service]: calendar },
    partners: scenario.partners.map((p) => p.id),
    planned: inputs.settings?.planned ?? "exclude",
    percent: inputs.settings?.percent ?? { places: 2, rounding: "half-even" },
    ...asAt,
    until,
  });
  const costs =
    inputs.outageCost === undefined ? undefined : outageCost(log, year, { ...inputs.outageCost, ...asAt, until });
  const costOf = new Map((costs?.outages ?? []).map((c) => [c.id, c.cost]));
  // Every outage that counts against the service in the year (planned work too, when it counts).
  const seen = new Map<string, OutageInPeriod>();
  for (const row of report.rows) for (const o of row.outages) if (!seen.has(o.id)) seen.set(o.id, o);
  const byId = new Map(log.map((o) => [o.id, o]));
  const outages = [...seen.values()].map((o): ReportedOutage => {
    const entry = byId.get(o.id) as Outage;
    const cost = costOf.get(o.id);
    return {
      id: o.id,
      start: entry.start,
      ...(entry.end === undefined ? {} : { end: entry.end }),
      systems: entry.systems,
      planned: entry.planned,
      priority: entry.priority,
      users: entry.partners.reduce((acc, p) => acc + p.users, 0),
      elapsedSeconds: o.elapsedSeconds,
      inServiceSeconds: o.inServiceSeconds,
      ...(cost === undefined ? {} : { cost }),
    };
  });
  outages.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
  return {
    from: year.start,
    to: until,
    complete: until === year.end,
    availability: report.rows,
    outages,
    cost:
      costs === undefined
        ? null
        : { byPartner: costs.byPartner.map((s) => ({ partner: s.id, amount: s.amount })), total: costs.total },
  };
}

/**
 * The end of the months of the year ended by `asAt` (midnight, UK time, as the periods end): the
 * year's end once it has ended, else the first day of the month in progress (the year's start when
 * it has not begun). The outage log records outages that have happened, so a month not ended would
 * count its time still to come as served: the month in progress is read when it ends, as
 * `kpiScorecard` reads the log. Without `asAt` (no clock, no open outage) the year is read whole.
 */
function endedBy(year: FinancialPeriod, asAt: string | undefined): CalendarDate {
  if (asAt === undefined) return year.end;
  const taken = parseInstant(asAt, "asAt");
  if (periodInterval(year).end <= taken) return year.end;
  const ended = subdivide(year, "month").filter((m) => periodInterval(m).end <= taken);
  return ended.at(-1)?.end ?? year.start;
}

function flagsOf(card: KpiScorecard | null): ReportFlag[] {
  if (card === null) return [];
  return card.kpis.flatMap((k) => [
    ...k.reviewFlags.map((f) => ({ kpi: k.code, kind: f.kind, message: f.message })),
    ...k.warnings.map((w) => ({
      kpi: k.code,
      kind: w.kind,
      period: w.period,
      ...(w.partner === undefined ? {} : { partner: w.partner }),
      message: w.message,
    })),
  ]);
}

function serviceSavings(
  scenario: Scenario,
  service: ServiceId,
  year: string,
  run: AllocationResult,
  options: AnnualReportOptions,
): ServiceSavings | null {
  const plan = scenario.savings;
  if (plan === undefined || !plan.baselines.some((b) => b.service === service)) return null;
  const byYear = options.savingsTermsByYear;
  const runs = options.savingsRunsByYear;
  const report = scenarioSavings(scenario, year, run, {
    ...(byYear === undefined ? {} : { termsByYear: byYear }),
    ...(runs === undefined ? {} : { runsByYear: runs }),
  }) as SavingsReport;
  const partners = report.services.filter((s) => s.service === service && s.year === year);
  // The last year of the service with figures, up to this one: this year, or an earlier one when this
  // year has none (nothing recorded, no lines to run), whose running totals are still the latest.
  const last = report.services.reduce<string | null>(
    (acc, s) => (s.service === service && (acc === null || s.year > acc) ? s.year : acc),
    null,
  );
  const code = plan.currency;
  const total = (rows: readonly ServiceSaving[], pick: (s: ServiceSaving) => Money) =>
    rows.reduce((acc, s) => add(acc, pick(s)), zero(code));
  return {
    attribution: plan.attribution,
    partners,
    total: {
      indexedBaseline: total(partners, (s) => s.indexedBaseline),
      contribution: total(partners, (s) => s.contribution),
      saving: total(partners, (s) => s.saving),
    },
    cumulative: total(
      report.services.filter((s) => s.service === service && s.year === last),
      (s) => s.cumulative,
    ),
    cumulativeTo: last,
    oneOffs: report.oneOffs.filter((o) => o.service === service),
  };
}
