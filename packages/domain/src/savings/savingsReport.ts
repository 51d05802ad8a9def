import { apportion, type WeightInput } from "../allocation/index.js";
import { DomainError, unreachable } from "../errors/index.js";
import { divideRounded, Fraction, type RoundingMode, toFraction } from "../exact/index.js";
import { sortedBy } from "../hash/index.js";
import {
  abs,
  add,
  bigintToMinor,
  type CurrencyCode,
  compare,
  fromMinor,
  type Money,
  subtract,
  sum,
  zero,
} from "../money/index.js";
import { percentOf } from "../money/percentOf.js";
import { parsePeriod } from "../period/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import { type IndexFactor, indexFactor } from "./indexFactor.js";
import { type PartnershipSavingsYear, partnershipSavingsTotals } from "./partnershipSavingsTotals.js";
import { type Payback, payback } from "./payback.js";
import type { Baseline, Contribution, IndexSeries, SavingsAttribution, SavingsPlan } from "./SavingsPlan.js";
import { type SavingsTerms, savingsTermsOf } from "./SavingsTerms.js";
import { savingsTermsProblems } from "./savingsTermsProblems.js";
import { type OneOffShare, splitOneOff } from "./splitOneOff.js";

/** A saving against its target. */
export interface SavingTarget {
  /**
   * Target as a percentage of the indexed baseline's size, e.g. `"15"`: a saving to reach, positive
   * even when the baseline is net income (a fee-earning service).
   */
  readonly percent: string;
  readonly amount: Money;
  readonly met: boolean;
  /** Saving minus target: negative when short of it. */
  readonly gap: Money;
}

/** Which inputs produced a saving: enough to recompute it by hand. */
export interface SavingLineage {
  readonly baseline: { readonly baseYear: string; readonly amount: Money };
  readonly index: IndexFactor;
  readonly contribution: { readonly amount: Money; readonly source?: string };
  readonly attribution: SavingsAttribution;
  /** The `source` of the year's own terms (see {@link SavingsReportOptions}), when they name one. */
  readonly terms?: string;
  /** For `pro-rata` and `equal`: the service's total saving and the weights it was split by. */
  readonly pooled?: {
    readonly total: Money;
    readonly weights: readonly { readonly partner: PartnerId; readonly weight: string }[];
  };
}

/** One partner's saving on one service in one year. */
export interface ServiceSaving {
  readonly partner: PartnerId;
  readonly service: ServiceId;
  readonly year: string;
  readonly indexedBaseline: Money;
  readonly contribution: Money;
  /** Indexed baseline minus contribution: the partner's own saving whatever the attribution rule. */
  readonly ownSaving: Money;
  /** The saving attributed to the partner under the agreed rule. */
  readonly saving: Money;
  /** Since the first year, under the agreed rule. */
  readonly cumulative: Money;
  /**
   * Saving as a percentage of the indexed baseline's size, 2 places, with the saving's sign (a
   * baseline of net income included); null when the baseline is zero.
   */
  readonly percentOfBaseline: string | null;
  readonly target?: SavingTarget;
  readonly lineage: SavingLineage;
}

/** One partner's savings across services in one year, with its one-off items. */
export interface PartnerSavingsYear {
  readonly year: string;
  readonly indexedBaseline: Money;
  readonly contribution: Money;
  readonly saving: Money;
  readonly cumulative: Money;
  readonly percentOfBaseline: string | null;
  readonly target?: SavingTarget;
  readonly oneOffCost: Money;
  readonly oneOffFunding: Money;
  /** One-off costs minus funding this year. */
  readonly oneOffNet: Money;
  /** Cumulative saving minus cumulative net one-off costs: what sharing has gained so far. */
  readonly netCumulative: Money;
}

/** One partner's savings over every year. */
export interface PartnerSavings {
  readonly partner: PartnerId;
  readonly years: readonly PartnerSavingsYear[];
  readonly saving: Money;
  readonly oneOff: { readonly cost: Money; readonly funding: Money; readonly net: Money };
  /** Total saving minus net one-off costs. */
  readonly netSaving: Money;
  readonly payback: Payback;
}

/** Savings per partner per service per year, cumulative, against target, after one-off costs. */
export interface SavingsReport {
  readonly currency: CurrencyCode;
  readonly attribution: SavingsAttribution;
  readonly years: readonly string[];
  readonly services: readonly ServiceSaving[];
  readonly partners: readonly PartnerSavings[];
  /**
   * The partnership's total of each year, in the order of `years`: each figure the exact sum of the
   * partners' figures of that year (see {@link partnershipSavingsTotals}). The last year's
   * `cumulative` and `netCumulative` are `total.saving` and `total.netSaving`.
   */
  readonly partnership: readonly PartnershipSavingsYear[];
  readonly oneOffs: readonly OneOffShare[];
  readonly total: { readonly saving: Money; readonly oneOffNet: Money; readonly netSaving: Money };
}

/** Options for {@link savingsReport}. */
export interface SavingsReportOptions {
  /**
   * Terms for particular financial years (e.g. `"2024/25"`): each year's lines are indexed,
   * attributed, rounded and judged against target by its own terms, else by the plan's. Lets a
   * report covering several years rate each year as the partners had agreed for it, so a later
   * change of terms leaves earlier years' figures as they were reported. Years not reported are ignored.
   */
  readonly termsByYear?: Readonly<Record<string, SavingsTerms>>;
}

/** amount × fraction, rounded to the minor unit. */
function scale(amount: Money, factor: Fraction, rounding: RoundingMode, where: string): Money {
  return fromMinor(
    bigintToMinor(divideRounded(BigInt(amount.minor) * factor.num, factor.den, rounding), where),
    amount.currency,
  );
}

function targetFor(
  terms: SavingsTerms,
  service: string | undefined,
  saving: Money,
  base: Money,
): SavingTarget | undefined {
  const percent = (service === undefined ? undefined : terms.serviceTargets?.[service]) ?? terms.targetPercent;
  if (percent === undefined) return undefined;
  // Measured against the baseline's size: of a baseline of net income (−£100k) a 15% target is a
  // £15k saving to make, never a £15k loss allowed.
  const amount = scale(
    abs(base),
    toFraction(percent, "targetPercent").div(Fraction.of(100n)),
    terms.rounding,
    "target",
  );
  return { percent, amount, met: compare(saving, amount) >= 0, gap: subtract(saving, amount) };
}

function yearOrder(a: string, b: string): number {
  return parsePeriod(a).startYear - parsePeriod(b).startYear;
}

function checkCurrency(money: Money, plan: SavingsPlan, where: string): void {
  if (money.currency !== plan.currency) {
    throw new DomainError(
      "CURRENCY_MISMATCH",
      `${where}: ${money.currency} amount in a ${plan.currency} savings plan`,
      {
        path: where,
      },
    );
  }
}

function indexBaselines(plan: SavingsPlan): Map<string, Baseline> {
  const byKey = new Map<string, Baseline>();
  for (const [i, b] of plan.baselines.entries()) {
    const key = `${b.partner}\u0000${b.service}`;
    if (byKey.has(key)) {
      throw new DomainError("INVALID_SCENARIO", `baselines[${i}]: a second baseline for ${b.partner} ${b.service}`, {
        path: `baselines[${i}]`,
      });
    }
    checkCurrency(b.amount, plan, `baselines[${i}].amount`);
    parsePeriod(b.baseYear, `baselines[${i}].baseYear`);
    byKey.set(key, b);
  }
  return byKey;
}

function indexContributions(all: readonly Contribution[], plan: SavingsPlan): Map<string, Contribution> {
  const byKey = new Map<string, Contribution>();
  for (const [i, c] of all.entries()) {
    const key = `${c.service}\u0000${c.year}\u0000${c.partner}`;
    if (byKey.has(key)) {
      throw new DomainError(
        "INVALID_SCENARIO",
        `contributions[${i}]: a second contribution for ${c.partner} ${c.service} ${c.year}`,
        { path: `contributions[${i}]` },
      );
    }
    checkCurrency(c.amount, plan, `contributions[${i}].amount`);
    if (parsePeriod(c.year, `contributions[${i}].year`).kind !== "year") {
      throw new DomainError("INVALID_PERIOD", `contributions[${i}].year: ${c.year} is not a financial year`, {
        path: `contributions[${i}].year`,
      });
    }
    byKey.set(key, c);
  }
  return byKey;
}

/** Splits a service's total saving for one year under the pooled rules. */
function pooledShares(
  attribution: Exclude<SavingsAttribution, "actual">,
  total: Money,
  rows: readonly { partner: PartnerId; contribution: Money }[],
  where: string,
): { weights: { partner: PartnerId; weight: string }[]; shares: Map<string, Money> } {
  let weights: WeightInput[];
  switch (attribution) {
    case "pro-rata":
      if (rows.some((r) => r.contribution.minor < 0)) {
        throw new DomainError("INVALID_RULE", `${where}: a negative contribution cannot weight a pro-rata split`, {
          path: where,
        });
      }
      weights = rows.map((r) => ({ id: r.partner, weight: String(r.contribution.minor) }));
      break;
    case "equal":
      weights = rows.map((r) => ({ id: r.partner, weight: "1" }));
      break;
    default:
      return unreachable(attribution);
  }
  const result = apportion(total, weights, { where });
  return {
    weights: weights.map((w) => ({ partner: w.id as PartnerId, weight: String(w.weight) })),
    shares: new Map(result.shares.map((s) => [s.id, s.amount])),
  };
}

/** The terms of each year: its own when given, else the plan's; with each one's index series by id. */
function termsLookup(
  plan: SavingsPlan,
  options: SavingsReportOptions,
): (year: string) => { terms: SavingsTerms; indices: ReadonlyMap<string, IndexSeries> } {
  const byYear = options.termsByYear;
  if (byYear !== undefined) {
    const issues = savingsTermsProblems(byYear);
    if (issues.length > 0) {
      throw new DomainError(
        "INVALID_SCENARIO",
        `The savings terms by year have ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${issues
          .map((i) => `  ${i.path}: ${i.message}`)
          .join("\n")}`,
        { path: issues[0]?.path ?? "termsByYear", issues },
      );
    }
  }
  const own = savingsTermsOf(plan);
  const cache = new Map<string, { terms: SavingsTerms; indices: ReadonlyMap<string, IndexSeries> }>();
  return (year) => {
    const terms = (byYear !== undefined && Object.hasOwn(byYear, year) ? byYear[year] : undefined) ?? own;
    let found = cache.get(year);
    if (found === undefined) {
      found = { terms, indices: new Map(terms.indices.map((s) => [s.id, s])) };
      cache.set(year, found);
    }
    return found;
  };
}

/**
 * Works out savings per council: for each partner, service and year, the indexed baseline minus the
 * partner's contribution, attributed by the agreed rule, cumulative since the first year, as a
 * percentage of the baseline and against the target; then one-off costs and their funding split by
 * their own rules, net savings and each partner's payback. Every figure is exact and carries the
 * inputs that produced it. The partnership's total of each year (`partnership`) is the exact sum of
 * the partners' figures, so a reader of the report never adds money up itself.
 *
 * The years reported are those with contributions; a partner with a baseline for a service must have
 * a contribution for every such year of that service. Each year is rated by its own terms when
 * `options.termsByYear` gives them (indexation, attribution, targets, rounding of that year's
 * lines and totals), else by the plan's; cumulative figures add the years' lines as rated, and the
 * report's `attribution` and the payback's rounding are the plan's.
 *
 * @param plan - baselines, indices, targets, attribution rule and one-off items
 * @param contributions - each partner's contribution per service per year (its recharged share plus,
 *   for the lead, its retained share), e.g. from {@link contributionsFromRun}; added to `plan.contributions`
 * @param options - terms for particular years, when they differ from the plan's
 * @returns the savings report
 * @throws DomainError `MISSING_BASELINE` for a contribution without a baseline, `MISSING_CONTRIBUTION`
 *   for a baseline without a contribution in a year its service reports, `MISSING_INDEX`,
 *   `CURRENCY_MISMATCH`, `INVALID_SCENARIO` for duplicates and for invalid `termsByYear` (every
 *   problem listed with its path, e.g. `termsByYear.2024/25.attribution`), `INVALID_RULE`
 * @example
 * const report = savingsReport(plan, contributionsFromRun(allocate(scenario, "2024/25")));
 * report.partners[0].years.at(-1)?.saving; // the partner's saving this year
 * report.partnership.at(-1)?.saving; // the partnership's saving this year: the partners' sum
 * // 2024/25 rated by the terms agreed for it, later years by the plan's:
 * savingsReport(plan, contributions, { termsByYear: { "2024/25": savingsTermsOf(plan2024) } });
 */
export function savingsReport(
  plan: SavingsPlan,
  contributions: readonly Contribution[] = [],
  options: SavingsReportOptions = {},
): SavingsReport {
  const currency = plan.currency;
  const termsOf = termsLookup(plan, options);
  const baselines = indexBaselines(plan);
  const allContributions = [...plan.contributions, ...contributions];
  const contributionByKey = indexContributions(allContributions, plan);

  // Which years each service reports, and every contribution has a baseline.
  const serviceYears = new Map<string, Set<string>>();
  for (const [i, c] of allContributions.entries()) {
    if (!baselines.has(`${c.partner}\u0000${c.service}`)) {
      throw new DomainError("MISSING_BASELINE", `contributions[${i}]: ${c.partner} has no baseline for ${c.service}`, {
        path: `contributions[${i}]`,
      });
    }
    const years = serviceYears.get(c.service) ?? new Set<string>();
    serviceYears.set(c.service, years);
    years.add(c.year);
  }

  const services: ServiceSaving[] = [];
  const serviceIds = [...serviceYears.keys()].sort();
  for (const service of serviceIds) {
    const partners = sortedBy(
      plan.baselines.filter((b) => b.service === service),
      (b) => b.partner,
    );
    const years = [...(serviceYears.get(service) ?? [])].sort(yearOrder);
    const cumulative = new Map<string, Money>();
    for (const year of years) {
      const { terms, indices } = termsOf(year);
      const rows = partners.map((b) => {
        const c = contributionByKey.get(`${service}\u0000${year}\u0000${b.partner}`);
        if (c === undefined) {
          throw new DomainError(
            "MISSING_CONTRIBUTION",
            `${b.partner} has a baseline for ${service} but no contribution in ${year}`,
            { path: `contributions` },
          );
        }
        const where = `baselines.${b.partner}.${service}`;
        const index = indexFactor(b.indexation, indices, b.baseYear, year, where);
        const indexed = scale(b.amount, Fraction.fromData(index.factor), terms.rounding, where);
        return {
          baseline: b,
          partner: b.partner,
          contribution: c.amount,
          c,
          index,
          indexed,
          own: subtract(indexed, c.amount),
        };
      });
      let pooled: ReturnType<typeof pooledShares> | undefined;
      let total = zero(currency);
      for (const r of rows) total = add(total, r.own);
      if (terms.attribution !== "actual") {
        pooled = pooledShares(terms.attribution, total, rows, `savings.${service}.${year}`);
      }
      for (const r of rows) {
        const saving = pooled === undefined ? r.own : (pooled.shares.get(r.partner) ?? zero(currency));
        const running = add(cumulative.get(r.partner) ?? zero(currency), saving);
        cumulative.set(r.partner, running);
        const target = targetFor(terms, service, saving, r.indexed);
        services.push({
          partner: r.partner,
          service: service as ServiceId,
          year,
          indexedBaseline: r.indexed,
          contribution: r.contribution,
          ownSaving: r.own,
          saving,
          cumulative: running,
          percentOfBaseline: percentOf(saving, abs(r.indexed), terms.rounding),
          ...(target === undefined ? {} : { target }),
          lineage: {
            baseline: { baseYear: r.baseline.baseYear, amount: r.baseline.amount },
            index: r.index,
            contribution: { amount: r.contribution, ...(r.c.source === undefined ? {} : { source: r.c.source }) },
            attribution: terms.attribution,
            ...(terms.source === undefined ? {} : { terms: terms.source }),
            ...(pooled === undefined ? {} : { pooled: { total, weights: pooled.weights } }),
          },
        });
      }
    }
  }

  const oneOffs = sortedBy(plan.oneOffs, (o) => o.id).map((item, i) => {
    checkCurrency(item.amount, plan, `oneOffs[${i}].amount`);
    if (item.amount.minor < 0) {
      throw new DomainError("INVALID_AMOUNT", `oneOffs.${item.id}: amount must not be negative; use kind "funding"`, {
        path: `oneOffs.${item.id}.amount`,
      });
    }
    parsePeriod(item.year, `oneOffs.${item.id}.year`);
    return splitOneOff(item, plan.baselines, allContributions);
  });

  const partnerIds = [
    ...new Set([...plan.baselines.map((b) => b.partner), ...oneOffs.flatMap((o) => o.shares.map((s) => s.partner))]),
  ].sort();
  const allYears = [...new Set([...services.map((s) => s.year), ...oneOffs.map((o) => o.year)])].sort(yearOrder);
  const partners = partnerIds.map((partner) =>
    partnerSavings(partner, allYears, services, oneOffs, plan, (year) => termsOf(year).terms.rounding),
  );

  const totalSaving = sum(
    partners.map((p) => p.saving),
    currency,
  );
  const totalOneOff = sum(
    partners.map((p) => p.oneOff.net),
    currency,
  );
  return {
    currency,
    attribution: plan.attribution,
    years: allYears,
    services,
    partners,
    partnership: partnershipSavingsTotals({ currency, years: allYears, partners }),
    oneOffs,
    total: { saving: totalSaving, oneOffNet: totalOneOff, netSaving: subtract(totalSaving, totalOneOff) },
  };
}

function partnerSavings(
  partner: PartnerId,
  years: readonly string[],
  services: readonly ServiceSaving[],
  oneOffs: readonly OneOffShare[],
  plan: SavingsPlan,
  roundingOf: (year: string) => RoundingMode,
): PartnerSavings {
  const currency = plan.currency;
  const none = zero(currency);
  let cumulative = none;
  let cumulativeOneOff = none;
  let cost = none;
  let funding = none;
  const rows: PartnerSavingsYear[] = [];
  for (const year of years) {
    const mine = services.filter((s) => s.partner === partner && s.year === year);
    const sumOf = (pick: (s: ServiceSaving) => Money) => sum(mine.map(pick), none.currency);
    const indexedBaseline = sumOf((s) => s.indexedBaseline);
    const saving = sumOf((s) => s.saving);
    const share = (kind: "cost" | "funding") =>
      oneOffs
        .filter((o) => o.kind === kind && o.year === year)
        .flatMap((o) => o.shares.filter((s) => s.partner === partner))
        .map((s) => s.amount);
    const yearCost = sum(share("cost"), none.currency);
    const yearFunding = sum(share("funding"), none.currency);
    const oneOffNet = subtract(yearCost, yearFunding);
    cumulative = add(cumulative, saving);
    cumulativeOneOff = add(cumulativeOneOff, oneOffNet);
    cost = add(cost, yearCost);
    funding = add(funding, yearFunding);
    const rounding = roundingOf(year);
    const target = partnerTarget(mine, saving, indexedBaseline, plan, rounding);
    rows.push({
      year,
      indexedBaseline,
      contribution: sumOf((s) => s.contribution),
      saving,
      cumulative,
      percentOfBaseline: percentOf(saving, abs(indexedBaseline), rounding),
      ...(target === undefined ? {} : { target }),
      oneOffCost: yearCost,
      oneOffFunding: yearFunding,
      oneOffNet,
      netCumulative: subtract(cumulative, cumulativeOneOff),
    });
  }
  const net = subtract(cost, funding);
  return {
    partner,
    years: rows,
    saving: cumulative,
    oneOff: { cost, funding, net },
    netSaving: subtract(cumulative, net),
    payback: payback(
      rows.map((r) => ({ year: r.year, saving: r.saving, oneOffNet: r.oneOffNet })),
      plan.rounding,
    ),
  };
}

/** A partner's target for a year: the sum of its services' targets, when every service has one. */
function partnerTarget(
  mine: readonly ServiceSaving[],
  saving: Money,
  indexedBaseline: Money,
  plan: SavingsPlan,
  rounding: RoundingMode,
): SavingTarget | undefined {
  if (mine.length === 0 || mine.some((s) => s.target === undefined)) return undefined;
  const amount = sum(
    mine.map((s) => s.target?.amount ?? zero(plan.currency)),
    plan.currency,
  );
  const percents = new Set(mine.map((s) => s.target?.percent));
  const percent =
    percents.size === 1
      ? (mine[0]?.target?.percent ?? "0")
      : (percentOf(amount, abs(indexedBaseline), rounding) ?? "0");
  return { percent, amount, met: compare(saving, amount) >= 0, gap: subtract(saving, amount) };
}
