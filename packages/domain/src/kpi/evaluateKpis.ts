import { DomainError } from "../errors/index.js";
import { Fraction, toFraction } from "../exact/index.js";
import {
  type CalendarDate,
  type FinancialPeriod,
  monthOrdinal,
  parsePeriod,
  periodOf,
  periodWithin,
  samePeriodLastYear,
  shiftPeriod,
  subdivide,
} from "../period/index.js";
import { aggregateMeasurements, type KpiAggregate } from "./aggregateMeasurements.js";
import { directionOfTravel } from "./directionOfTravel.js";
import { describeKpiNumber, formatKpiNumber, withUnit } from "./formatKpiNumber.js";
import { bandOf, judgeKpi, yearProfile } from "./judgeKpi.js";
import type { KpiDefinition, KpiSampleRule, KpiTarget } from "./KpiDefinition.js";
import type { KpiMeasurement } from "./KpiMeasurement.js";
import type {
  KpiInterval,
  KpiPartnerResult,
  KpiPeriodResult,
  KpiPrediction,
  KpiResult,
  KpiReviewFlag,
  KpiScorecard,
  KpiTargetInForce,
  KpiValue,
  KpiWarning,
} from "./KpiScorecard.js";
import { kpiReportedIn } from "./kpiFirstDay.js";
import { kpiNameFor } from "./kpiNameFor.js";
import { kpiProblems } from "./kpiProblems.js";
import type { RagScheme } from "./RagScheme.js";
import { targetInForce } from "./targetInForce.js";
import { wilsonInterval } from "./wilsonInterval.js";

/** What {@link evaluateKpis} takes. */
export interface EvaluateKpisInput {
  readonly kpis: readonly KpiDefinition[];
  /** Measurements of any years: earlier years give last year's figures and review streaks. */
  readonly measurements: readonly KpiMeasurement[];
  /** The financial year to evaluate, e.g. `2024/25`. */
  readonly year: string;
  /** The partnership's RAG scheme; a KPI's own scheme wins. Default: `tolerance`. */
  readonly scheme?: RagScheme;
  /** Evaluate as at the end of this quarter or month of the year: later measurements are ignored. */
  readonly asAt?: string;
}

/** The scheme used when neither the KPI nor the partnership names one. */
export const DEFAULT_RAG_SCHEME: RagScheme = { kind: "tolerance" };

/** The sample rule used when a KPI gives none: under 50% response, a 95% Wilson interval. */
export const DEFAULT_SAMPLE_RULE: KpiSampleRule = { lowResponseRate: "50", confidence: "95" };

interface Located {
  readonly m: KpiMeasurement;
  readonly period: FinancialPeriod;
}

/** Whose figures: the partnership's (`undefined`) or one partner's. */
type Who = string | undefined;

const HUNDRED = Fraction.of(100n);

/** Statuses under which a Red month or council would otherwise go unseen. */
const HIDES_RED: ReadonlySet<string> = new Set(["green", "amber", "blue"]);

/**
 * Evaluates a partnership's KPIs for a financial year: each quarter and the year to date, with
 * its exact value, the target in force on the period's first day, a RAG status by the KPI's (or
 * the partnership's) scheme, direction of travel, a predicted year-end status, per-partner figures
 * when measured per council, review flags and warnings. Pure and deterministic: measurements may
 * come in any order.
 *
 * @param input - definitions, measurements (this year and earlier), the year, scheme and as-at
 * @returns the scorecard as plain JSON-serialisable data, KPIs in the order given
 * @throws DomainError `INVALID_KPI` listing every problem with the definitions or measurements
 * @throws DomainError `INVALID_PERIOD` when `year` is not a financial year or `asAt` not inside it
 * @example
 * const card = evaluateKpis({ kpis, measurements, year: "2019/20" });
 * card.kpis[0]?.yearToDate.value?.display; // "97.8"
 * card.kpis[0]?.reviewFlags[0]?.message; // "… consider a more stretching target"
 */
export function evaluateKpis(input: EvaluateKpisInput): KpiScorecard {
  const issues = kpiProblems(input.kpis, input.measurements, input.scheme);
  if (issues.length > 0) {
    const shown = issues.slice(0, 20).map((i) => `  ${i.path}: ${i.message}`);
    const more = issues.length > 20 ? `\n  … and ${issues.length - 20} more` : "";
    throw new DomainError(
      "INVALID_KPI",
      `The KPIs have ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${shown.join("\n")}${more}`,
      { issues },
    );
  }
  const year = parsePeriod(input.year, "year");
  if (year.kind !== "year") {
    throw new DomainError("INVALID_PERIOD", `year: ${input.year} is a ${year.kind}; expected a year such as 2024/25`, {
      path: "year",
    });
  }
  let cutoff = year.end;
  let asAt: string | undefined;
  if (input.asAt !== undefined) {
    const p = parsePeriod(input.asAt, "asAt");
    if (!periodWithin(year, p)) {
      throw new DomainError("INVALID_PERIOD", `asAt: ${p.name} is not in ${year.name}`, { path: "asAt" });
    }
    cutoff = p.end;
    asAt = p.name;
  }
  const byKpi = new Map<string, Located[]>();
  for (const m of input.measurements) {
    const period = parsePeriod(m.period);
    if (period.end > cutoff) continue; // not complete by the as-at date
    const list = byKpi.get(m.kpi) ?? [];
    list.push({ m, period });
    byKpi.set(m.kpi, list);
  }
  // Canonical order, so notes (and everything else) do not depend on the input's order.
  for (const list of byKpi.values()) list.sort(compareLocated);
  // A KPI reported from a later year is not in this year's scorecard (its `from`).
  const kpis = input.kpis
    .filter((kpi) => kpiReportedIn(kpi, year))
    .map((kpi) =>
      new KpiEvaluator(kpi, kpi.scheme ?? input.scheme ?? DEFAULT_RAG_SCHEME, byKpi.get(kpi.code) ?? [], year).result(),
    );
  return { year: year.name, ...(asAt === undefined ? {} : { asAt }), kpis };
}

function compareLocated(a: Located, b: Located): number {
  if (a.period.start !== b.period.start) return a.period.start < b.period.start ? -1 : 1;
  if (a.period.end !== b.period.end) return a.period.end < b.period.end ? -1 : 1;
  const pa = a.m.partner ?? "";
  const pb = b.m.partner ?? "";
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

class KpiEvaluator {
  private readonly warnings: KpiWarning[] = [];

  constructor(
    private readonly kpi: KpiDefinition,
    private readonly scheme: RagScheme,
    private readonly located: readonly Located[],
    private readonly year: FinancialPeriod,
  ) {}

  result(): KpiResult {
    const { kpi, year } = this;
    const quarters = subdivide(year, "quarter").map((q) => this.quarter(q, undefined));
    const through = this.through(undefined);
    const yearToDate = this.yearToDate(undefined, through);
    const partnerIds = [
      ...new Set(this.located.filter((x) => periodWithin(year, x.period)).map((x) => x.m.partner)),
    ].filter((p): p is string => p !== undefined);
    partnerIds.sort();
    const partners = partnerIds.map(
      (partner): KpiPartnerResult => ({
        partner,
        quarters: subdivide(year, "quarter").map((q) => this.quarter(q, partner)),
        yearToDate: this.yearToDate(partner, this.through(partner)),
      }),
    );
    this.checkPartners([...quarters, yearToDate], partners);
    return {
      code: kpi.code,
      name: kpiNameFor(kpi, year),
      service: kpi.service,
      unit: kpi.unit,
      polarity: kpi.polarity,
      aggregation: kpi.aggregation,
      monitoringOnly: kpi.monitoringOnly,
      scheme: this.scheme,
      quarters,
      yearToDate,
      predictedYearEnd: through === undefined ? null : this.predict(through),
      partners,
      reviewFlags: through === undefined ? [] : this.review(through),
      warnings: this.warnings,
    };
  }

  /** The measurements inside a period for one partner, or for the partnership as a whole. */
  private pick(period: FinancialPeriod, who: Who, until?: string): Located[] {
    const inside = this.located.filter(
      (x) => periodWithin(period, x.period) && (until === undefined || x.period.end <= until),
    );
    if (who !== undefined) return inside.filter((x) => x.m.partner === who);
    // Month by month, the partnership's own figures win; where it has none, every partner's
    // figures together. So a year to date can mix a measured Q1 with the councils' Q2.
    const covered = new Set<number>();
    for (const x of inside) if (x.m.partner === undefined) for (const m of monthsOf(x.period)) covered.add(m);
    if (covered.size === 0) return inside;
    return inside.filter((x) => x.m.partner === undefined || !monthsOf(x.period).some((m) => covered.has(m)));
  }

  private aggregate(period: FinancialPeriod, who: Who, until?: string): KpiAggregate | undefined {
    return aggregateMeasurements(
      this.kpi,
      this.pick(period, who, until).map((x) => x.m),
    );
  }

  /** The latest period with data in the year. */
  private through(who: Who): FinancialPeriod | undefined {
    let last: FinancialPeriod | undefined;
    for (const x of this.pick(this.year, who)) if (last === undefined || x.period.end >= last.end) last = x.period;
    return last;
  }

  private quarter(q: FinancialPeriod, who: Who): KpiPeriodResult {
    const chosen = this.pick(q, who);
    const agg = aggregateMeasurements(
      this.kpi,
      chosen.map((x) => x.m),
    );
    const target = targetInForce(this.kpi.targets, q.start);
    const ly = samePeriodLastYear(q);
    const before = shiftPeriod(q, -1);
    // A sum KPI's quarter still running (its figures reach its first month or two) adds up fewer
    // months than a whole one: it is compared with the same months of the other quarters.
    const months = this.kpi.aggregation === "sum" ? monthsCovered(q, chosen) : undefined;
    const sameMonths = (p: FinancialPeriod) =>
      months === undefined || months >= 3 ? undefined : subdivide(p, "month")[months - 1]?.end;
    const lastYear = this.aggregate(ly, who, sameMonths(ly))?.value;
    const previous = this.aggregate(before, who, sameMonths(before))?.value;
    const result = this.periodResult(q, who, chosen, agg, target, { period: ly.name, value: lastYear }, previous);
    if (who === undefined) {
      this.checkComplete(q, chosen);
      this.checkMonths(q, target, result);
    }
    return result;
  }

  /**
   * Warns when a quarter that is not Red hides a Red month: the quarter's aggregate can stay Green
   * through a month with a major outage (what scrutiny found in 3C ICT).
   */
  private checkMonths(q: FinancialPeriod, target: KpiTarget | undefined, result: KpiPeriodResult): void {
    if (!HIDES_RED.has(result.status)) return;
    for (const month of subdivide(q, "month")) {
      const value = this.aggregate(month, undefined)?.value;
      if (value === undefined) continue;
      const ly = samePeriodLastYear(month);
      const lastYear = { period: ly.name, value: this.aggregate(ly, undefined)?.value };
      const months = monthsCovered(month, this.pick(month, undefined));
      const judgement = judgeKpi({ kpi: this.kpi, scheme: this.scheme, value, target, lastYear, months });
      if (judgement.status !== "red") continue;
      this.warn(
        "red-month-in-quarter",
        q,
        `${this.kpi.code} ${q.name} is ${result.status} overall, but ${month.name} alone was red: ${judgement.reason}`,
      );
    }
  }

  /** Warns when the partnership is not Red but a council is. */
  private checkPartners(overall: readonly KpiPeriodResult[], partners: readonly KpiPartnerResult[]): void {
    overall.forEach((whole, i) => {
      if (!HIDES_RED.has(whole.status)) return;
      for (const p of partners) {
        const own = i < 4 ? p.quarters[i] : p.yearToDate;
        if (own?.status !== "red") continue;
        this.warnings.push({
          kind: "red-partner",
          period: whole.period,
          partner: p.partner,
          message: `${this.kpi.code} ${whole.period} is ${whole.status} for the partnership, but red for ${p.partner}: ${own.reason}`,
        });
      }
    });
  }

  private yearToDate(who: Who, through: FinancialPeriod | undefined): KpiPeriodResult {
    const chosen = this.pick(this.year, who);
    const agg = aggregateMeasurements(
      this.kpi,
      chosen.map((x) => x.m),
    );
    const target = targetInForce(this.kpi.targets, this.year.start);
    const ly = samePeriodLastYear(this.year);
    // Last year up to the same point: through Q2 this year is compared with through Q2 last year.
    const lastYear =
      through === undefined ? undefined : this.aggregate(ly, who, samePeriodLastYear(through).end)?.value;
    const result = this.periodResult(this.year, who, chosen, agg, target, { period: ly.name, value: lastYear });
    return through === undefined ? result : { ...result, through: through.name };
  }

  private periodResult(
    period: FinancialPeriod,
    who: Who,
    chosen: readonly Located[],
    agg: KpiAggregate | undefined,
    target: KpiTarget | undefined,
    lastYear: { period: string; value: Fraction | undefined },
    previous?: Fraction,
  ): KpiPeriodResult {
    const { kpi } = this;
    const value = agg?.value;
    const months = monthsCovered(period, chosen);
    const judgement = judgeKpi({ kpi, scheme: this.scheme, value, target, lastYear, months });
    const band = target?.kind === "band" ? bandOf(target) : undefined;
    const notes = chosen.flatMap((x) => (x.m.note === undefined ? [] : [x.m.note]));
    const interval = agg === undefined ? undefined : this.interval(agg, target);
    if (who === undefined) {
      if (judgement.status === "red" && notes.length === 0) {
        this.warn(
          "missing-corrective-action",
          period,
          `${kpi.code} is Red for ${period.name} with no corrective-action note`,
        );
      }
      if (interval?.straddlesTarget === true) {
        this.warn(
          "interval-straddles-target",
          period,
          `${kpi.code} ${period.name}: ${interval.responses} responses of ${interval.population} (${interval.responseRate}%) give a ${interval.confidence}% interval of ${interval.lower}–${interval.upper}, which contains the target: the sample cannot tell whether it was met`,
        );
      }
      if (value !== undefined && target === undefined && !kpi.monitoringOnly) {
        this.warn(
          "no-target",
          period,
          `${kpi.code} has figures for ${period.name} but no target in force on ${period.start}`,
        );
      }
    }
    return {
      period: period.name,
      value: agg === undefined ? null : this.valueOf(agg),
      // A period without a status of its own (no data, monitoring only) was judged against nothing.
      target:
        target === undefined
          ? null
          : targetData(kpi, target, value === undefined || kpi.monitoringOnly ? undefined : months),
      status: judgement.status,
      reason: judgement.reason,
      direction: {
        previous: period.kind === "year" ? "n/a" : directionOfTravel(kpi, value, previous, band),
        lastYear: directionOfTravel(kpi, value, lastYear.value, band),
      },
      ...(interval === undefined ? {} : { interval }),
      notes,
    };
  }

  private valueOf(agg: KpiAggregate): KpiValue {
    return {
      exact: agg.value.toData(),
      display: formatKpiNumber(agg.value, this.kpi.display),
      ...(agg.numerator === undefined ? {} : { numerator: agg.numerator.toFixed() }),
      ...(agg.denominator === undefined ? {} : { denominator: agg.denominator.toFixed() }),
      measurements: agg.count,
    };
  }

  /** A Wilson interval for a sampled % KPI whose response rate is below the KPI's threshold. */
  private interval(agg: KpiAggregate, target: KpiTarget | undefined): KpiInterval | undefined {
    const { responses, population } = agg;
    if (this.kpi.unit !== "percent" || responses === undefined || population === undefined) return undefined;
    if (responses < 1 || responses >= population) return undefined; // no answers, or a census
    const rule = this.kpi.sample ?? DEFAULT_SAMPLE_RULE;
    const rate = Fraction.of(BigInt(responses) * 100n, BigInt(population));
    if (rate.compare(toFraction(rule.lowResponseRate, "sample.lowResponseRate")) >= 0) return undefined;
    const proportion = agg.value.div(HUNDRED);
    if (proportion.num < 0n || proportion.compare(Fraction.ONE) > 0) return undefined;
    const { lower, upper } = wilsonInterval(proportion, responses, rule.confidence);
    const lo = toFraction(lower, "lower");
    const hi = toFraction(upper, "upper");
    const inside = (t: string) => {
      const f = toFraction(t, "target");
      return lo.compare(f) <= 0 && f.compare(hi) <= 0;
    };
    const straddlesTarget =
      target?.kind === "value"
        ? inside(target.value)
        : target?.kind === "band"
          ? inside(target.lower) || inside(target.upper)
          : false;
    return {
      confidence: rule.confidence,
      lower,
      upper,
      responses,
      population,
      responseRate: rate.toDecimalString(1, "half-even"),
      straddlesTarget,
    };
  }

  /** Warns when monthly figures cover only part of a quarter. */
  private checkComplete(q: FinancialPeriod, chosen: readonly Located[]): void {
    const months = new Map<string, Set<number>>();
    for (const x of chosen) {
      const key = x.m.partner ?? "";
      const set = months.get(key) ?? new Set<number>();
      for (const m of monthsOf(x.period)) set.add(m);
      months.set(key, set);
    }
    for (const [key, set] of [...months].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (set.size >= 3) continue;
      const whose = key === "" ? "" : ` for ${key}`;
      this.warnings.push({
        kind: "incomplete-period",
        period: q.name,
        ...(key === "" ? {} : { partner: key }),
        message: `${this.kpi.code} ${q.name} has figures${whose} for ${set.size} of its 3 months`,
      });
    }
  }

  private predict(through: FinancialPeriod): KpiPrediction | null {
    const { kpi, year } = this;
    const agg = this.aggregate(year, undefined);
    if (agg === undefined) return null;
    const months = monthOrdinal(through.end) - monthOrdinal(year.start);
    let method: KpiPrediction["method"];
    let value = agg.value;
    let how: string;
    if (months >= 12) {
      method = "actual";
      how = "the year is complete";
    } else if (kpi.aggregation === "sum") {
      method = "projected";
      value = agg.value.mul(Fraction.of(12n, BigInt(months)));
      how = `at the rate of the first ${months} month${months === 1 ? "" : "s"}, the year would reach ${describeKpiNumber(value, kpi.display)}`;
    } else if (kpi.aggregation === "last") {
      method = "latest";
      how = "if the latest figure holds";
    } else {
      method = "to-date";
      how = `if the rest of the year is like the first ${months} month${months === 1 ? "" : "s"}`;
    }
    const target = targetInForce(kpi.targets, year.start);
    const ly = samePeriodLastYear(year);
    const judgement = judgeKpi({
      kpi,
      scheme: this.scheme,
      value,
      target,
      lastYear: { period: ly.name, value: this.aggregate(ly, undefined)?.value },
    });
    const shown: KpiValue =
      method === "projected"
        ? { exact: value.toData(), display: formatKpiNumber(value, kpi.display), measurements: agg.count }
        : this.valueOf(agg);
    return { method, value: shown, status: judgement.status, reason: `${how}: ${judgement.reason}` };
  }

  /** A stretch-target flag when the target was beaten by the margin in the last N quarters running. */
  private review(through: FinancialPeriod): KpiReviewFlag[] {
    const { kpi } = this;
    const rule = kpi.review;
    if (rule === undefined || kpi.monitoringOnly || kpi.polarity === "within-band" || through.kind === "year") {
      return [];
    }
    const margin = toFraction(rule.margin, "review.margin");
    const run: string[] = [];
    let smallest: Fraction | undefined;
    const earliest = this.located[0]?.period.start ?? through.start;
    for (let q = periodOf(through.start, "quarter"); q.end > earliest; q = shiftPeriod(q, -1)) {
      const value = this.aggregate(q, undefined)?.value;
      const target = targetInForce(kpi.targets, q.start);
      if (value === undefined || target?.kind !== "value") break;
      // A sum KPI's quarter answers for its months' share of the year's target, and of the margin.
      const profile = yearProfile(kpi, monthsCovered(q, this.pick(q, undefined)));
      const t = toFraction(target.value, "target").mul(profile ?? Fraction.ONE);
      const beaten = kpi.polarity === "lower-is-better" ? t.sub(value) : value.sub(t);
      if (beaten.compare(margin.mul(profile ?? Fraction.ONE)) < 0) break;
      run.unshift(q.name);
      smallest = smallest === undefined || beaten.compare(smallest) < 0 ? beaten : smallest;
    }
    if (smallest === undefined || run.length < rule.periods) return [];
    const by = withUnit(describeKpiNumber(smallest, kpi.display), kpi.unit);
    return [
      {
        kind: "stretch-target",
        periods: run,
        smallestMargin: describeKpiNumber(smallest, kpi.display),
        message: `${kpi.code} beat its target by ${by} or more in each of the ${run.length} quarters ${run[0]} to ${run[run.length - 1]} (review rule: ${withUnit(rule.margin, kpi.unit)}${kpi.aggregation === "sum" ? " a year, profiled to each quarter's months," : ""} for ${rule.periods}): consider a more stretching target`,
      },
    ];
  }

  private warn(kind: KpiWarning["kind"], period: FinancialPeriod, message: string): void {
    this.warnings.push({ kind, period: period.name, message });
  }
}

/**
 * The months of a period its measurements cover: from its first month to the end of the latest
 * period with data in it (a quarter read to its second month covers two), or undefined without data.
 */
function monthsCovered(period: FinancialPeriod, chosen: readonly Located[]): number | undefined {
  let end: CalendarDate | undefined;
  for (const x of chosen) if (end === undefined || x.period.end > end) end = x.period.end;
  if (end === undefined) return undefined;
  return monthOrdinal(end < period.end ? end : period.end) - monthOrdinal(period.start);
}

/** The months a period covers, as month ordinals. */
function monthsOf(period: FinancialPeriod): number[] {
  const out: number[] = [];
  for (let m = monthOrdinal(period.start); m < monthOrdinal(period.end); m++) out.push(m);
  return out;
}

/**
 * The target in force as the scorecard shows it: as recorded, with the figures the period was
 * judged against when a `sum` KPI's yearly target was profiled to its months (decision 188).
 */
function targetData(kpi: KpiDefinition, t: KpiTarget, months: number | undefined): KpiTargetInForce {
  const profile = yearProfile(kpi, months);
  let exact = true;
  // As the reason states it (describeKpiNumber): exact, or rounded and marked `≈`, kept apart here.
  const profiled = (recorded: string, field: string) => {
    const text = describeKpiNumber(toFraction(recorded, field).mul(profile ?? Fraction.ONE), kpi.display);
    if (text.startsWith("≈")) exact = false;
    return text.replace(/^≈/, "");
  };
  switch (t.kind) {
    case "value": {
      const recorded = { effectiveFrom: t.effectiveFrom, kind: t.kind, value: t.value } as const;
      if (profile === undefined || months === undefined) return recorded;
      const value = profiled(t.value, "target.value");
      return { ...recorded, forPeriod: { months, value, exact } };
    }
    case "band": {
      const recorded = { effectiveFrom: t.effectiveFrom, kind: t.kind, lower: t.lower, upper: t.upper } as const;
      if (profile === undefined || months === undefined) return recorded;
      const lower = profiled(t.lower, "target.lower");
      const upper = profiled(t.upper, "target.upper");
      return { ...recorded, forPeriod: { months, lower, upper, exact } };
    }
    default:
      return { effectiveFrom: t.effectiveFrom, kind: t.kind };
  }
}
