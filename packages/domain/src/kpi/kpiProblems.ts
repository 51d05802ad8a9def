import type { ValidationIssue } from "../errors/index.js";
import { describeBadDecimal, Fraction, isDecimalString, isRoundingMode, toFraction } from "../exact/index.js";
import { type FinancialPeriod, isCalendarDate, parsePeriod } from "../period/index.js";
import { ID_PATTERN } from "../scenario/ids.js";
import {
  KPI_AGGREGATIONS,
  KPI_POLARITIES,
  KPI_UNITS,
  type KpiDefinition,
  WILSON_CONFIDENCES,
} from "./KpiDefinition.js";
import type { KpiMeasurement } from "./KpiMeasurement.js";
import type { KpiTolerance } from "./KpiTolerance.js";
import { kpiEndDay, kpiFirstDay } from "./kpiFirstDay.js";
import type { RagScheme } from "./RagScheme.js";

/** The largest number of decimal places a KPI may be shown with. */
export const MAX_KPI_DECIMALS = 10;

const decimalOf = (text: unknown): Fraction | undefined =>
  typeof text === "string" && isDecimalString(text) ? toFraction(text, "decimal") : undefined;

/** A refusal of text that is no decimal, with the reason the text has (`describeBadDecimal`). */
function notDecimal(text: string): string {
  return `${JSON.stringify(text)} is not a decimal: ${describeBadDecimal(text)}`;
}
function periodOrUndefined(text: string): FinancialPeriod | undefined {
  try {
    return parsePeriod(text);
  } catch {
    return undefined;
  }
}

function checkTolerance(add: (p: string, m: string) => void, t: KpiTolerance, path: string): Fraction | undefined {
  const text = t.kind === "absolute" ? t.amount : t.percent;
  const field = t.kind === "absolute" ? "amount" : "percent";
  const f = decimalOf(text);
  if (f === undefined) add(`${path}.${field}`, notDecimal(text));
  else if (f.num < 0n) add(`${path}.${field}`, `${text} is negative; expected zero or more`);
  return f;
}

function checkScheme(add: (p: string, m: string) => void, scheme: RagScheme, path: string): void {
  if (scheme.kind !== "bands") return;
  const g = checkTolerance(add, scheme.green, `${path}.green`);
  const a = checkTolerance(add, scheme.amber, `${path}.amber`);
  if (g !== undefined && a !== undefined && scheme.green.kind === scheme.amber.kind && g.compare(a) > 0)
    add(path, "the green band is wider than the amber band");
}

/**
 * A KPI's renamings: each from a financial year, later than the one before and not before the KPI's
 * `from`, to a name that is not empty and not the one it replaces (the name printed the year before).
 */
function checkNames(add: (p: string, m: string) => void, k: KpiDefinition, at: string): void {
  const first = kpiFirstDay(k);
  const end = kpiEndDay(k);
  let before: { readonly day: string; readonly year: string } | undefined;
  let previous = { name: k.name, field: "name" };
  (k.names ?? []).forEach((n, j) => {
    const np = `${at}.names[${j}]`;
    const day = kpiFirstDay(n);
    if (day === undefined) add(`${np}.from`, `${JSON.stringify(n.from)} is not a financial year such as 2025/26`);
    else if (first !== undefined && day < first)
      add(
        `${np}.from`,
        `${n.from} is before ${k.code} is reported (from ${k.from}); rename it from ${k.from} or later`,
      );
    else if (end !== undefined && day >= end)
      add(`${np}.from`, `${n.from} is after ${k.code} was last reported (to ${k.to}); rename it up to ${k.to}`);
    else if (before !== undefined && day <= before.day)
      add(
        `${np}.from`,
        `${n.from} is not after ${before.year}, the year of the renaming before it; give renamings in order, one a year`,
      );
    if (day !== undefined && (before === undefined || day > before.day)) before = { day, year: n.from };
    if (typeof n.name !== "string" || n.name === "")
      add(`${np}.name`, "must not be empty; expected the name printed from that year");
    else if (n.name === previous.name)
      add(
        `${np}.name`,
        `${JSON.stringify(n.name)} is already its name before ${n.from} (${previous.field}); a renaming changes it`,
      );
    previous = { name: n.name, field: `names[${j}].name` };
  });
}

/**
 * Every problem with a set of KPI definitions and measurements, each located by its path
 * (`kpis[2].targets[0].value`, `measurements[41].denominator`). Used by `evaluateKpis` (which throws
 * on any) and by `parseKpis` (which reports them with the document's own problems). Entries that
 * are `undefined` (already rejected by the schema) are skipped but keep their index.
 *
 * @param kpis - the definitions
 * @param measurements - the measurements
 * @param scheme - the partnership's RAG scheme, if given (checked at path `scheme`)
 * @returns the problems, in document order; empty when all is well
 */
export function kpiProblems(
  kpis: readonly (KpiDefinition | undefined)[],
  measurements: readonly (KpiMeasurement | undefined)[],
  scheme?: RagScheme,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (scheme !== undefined) checkScheme(add, scheme, "scheme");
  const byCode = new Map<string, KpiDefinition>();
  kpis.forEach((k, i) => {
    if (k === undefined) return;
    const at = `kpis[${i}]`;
    if (!ID_PATTERN.test(k.code)) add(`${at}.code`, `${JSON.stringify(k.code)} is not a valid KPI code`);
    if (byCode.has(k.code)) add(`${at}.code`, `duplicate KPI code ${JSON.stringify(k.code)}`);
    else byCode.set(k.code, k);
    if (k.from !== undefined && kpiFirstDay(k) === undefined)
      add(`${at}.from`, `${JSON.stringify(k.from)} is not a financial year such as 2025/26`);
    for (const p of kpiSpanProblems(k)) add(`${at}.${p.path[0]}`, p.message);
    if (k.names !== undefined) checkNames(add, k, at);
    if (!(KPI_UNITS as readonly string[]).includes(k.unit)) add(`${at}.unit`, `unknown unit ${JSON.stringify(k.unit)}`);
    if (!(KPI_POLARITIES as readonly string[]).includes(k.polarity))
      add(`${at}.polarity`, `unknown polarity ${JSON.stringify(k.polarity)}`);
    if (!(KPI_AGGREGATIONS as readonly string[]).includes(k.aggregation))
      add(`${at}.aggregation`, `unknown aggregation ${JSON.stringify(k.aggregation)}`);
    if (k.targets.length === 0 && !k.monitoringOnly)
      add(`${at}.targets`, "a KPI needs at least one target unless it is monitoring-only");
    const dates = new Map<string, number>();
    k.targets.forEach((t, j) => {
      const tp = `${at}.targets[${j}]`;
      if (!isCalendarDate(t.effectiveFrom))
        add(`${tp}.effectiveFrom`, `${JSON.stringify(t.effectiveFrom)} is not a calendar date (YYYY-MM-DD)`);
      const first = dates.get(t.effectiveFrom);
      if (first !== undefined) add(`${tp}.effectiveFrom`, `targets[${first}] already takes effect on this date`);
      else dates.set(t.effectiveFrom, j);
      if (t.kind === "value") {
        if (k.polarity === "within-band") add(tp, "a within-band KPI needs a band target (lower and upper)");
        if (decimalOf(t.value) === undefined) add(`${tp}.value`, notDecimal(t.value));
      } else if (t.kind === "band") {
        if (k.polarity !== "within-band") add(tp, `a ${k.polarity} KPI needs a single target value, not a band`);
        const lo = decimalOf(t.lower);
        const hi = decimalOf(t.upper);
        if (lo === undefined) add(`${tp}.lower`, notDecimal(t.lower));
        if (hi === undefined) add(`${tp}.upper`, notDecimal(t.upper));
        if (lo !== undefined && hi !== undefined && lo.compare(hi) > 0)
          add(tp, `the band's lower edge ${t.lower} is above its upper edge ${t.upper}`);
      }
    });
    if (k.tolerance !== undefined) checkTolerance(add, k.tolerance, `${at}.tolerance`);
    if (k.blue !== undefined) {
      checkTolerance(add, k.blue, `${at}.blue`);
      if (k.polarity === "within-band") add(`${at}.blue`, "a within-band KPI cannot be well above target");
    }
    if (k.scheme !== undefined) checkScheme(add, k.scheme, `${at}.scheme`);
    if (k.review !== undefined) {
      const m = decimalOf(k.review.margin);
      if (m === undefined || m.num < 0n)
        add(`${at}.review.margin`, `${JSON.stringify(k.review.margin)} is not a decimal of zero or more`);
      if (!Number.isSafeInteger(k.review.periods) || k.review.periods < 1)
        add(`${at}.review.periods`, `${k.review.periods} is not a whole number of periods of 1 or more`);
      if (k.polarity === "within-band") add(`${at}.review`, "a within-band KPI has no target to beat");
    }
    if (k.sample !== undefined) {
      const r = decimalOf(k.sample.lowResponseRate);
      if (r === undefined || r.num < 0n || r.compare(Fraction.of(100n)) > 0)
        add(`${at}.sample.lowResponseRate`, `${JSON.stringify(k.sample.lowResponseRate)} is not a percentage 0–100`);
      if (!(WILSON_CONFIDENCES as readonly string[]).includes(k.sample.confidence))
        add(`${at}.sample.confidence`, `expected one of ${WILSON_CONFIDENCES.join(", ")}`);
    }
    if (!Number.isInteger(k.display.decimals) || k.display.decimals < 0 || k.display.decimals > MAX_KPI_DECIMALS)
      add(`${at}.display.decimals`, `${k.display.decimals} is not a whole number from 0 to ${MAX_KPI_DECIMALS}`);
    if (!isRoundingMode(k.display.rounding))
      add(`${at}.display.rounding`, `${JSON.stringify(k.display.rounding)} is not a rounding mode`);
  });

  // Measurements of one KPI and partner must not overlap: Q1 and P2 would count P2 twice.
  const seen = new Map<string, { period: FinancialPeriod; index: number }[]>();
  measurements.forEach((m, i) => {
    if (m === undefined) return;
    const at = `measurements[${i}]`;
    const kpi = byCode.get(m.kpi);
    if (kpi === undefined) add(`${at}.kpi`, `unknown KPI ${JSON.stringify(m.kpi)}`);
    const period = periodOrUndefined(m.period);
    if (period === undefined)
      add(
        `${at}.period`,
        `${JSON.stringify(m.period)} is not a financial period; expected 2024/25, 2024/25-Q3 or 2024/25-P7`,
      );
    if (m.partner !== undefined && !ID_PATTERN.test(m.partner))
      add(`${at}.partner`, `${JSON.stringify(m.partner)} is not a valid partner id`);
    const hasValue = m.value !== undefined;
    const hasRatio = m.numerator !== undefined || m.denominator !== undefined;
    if (hasValue && hasRatio) add(at, "give either a value or a numerator and denominator, not both");
    else if (!hasValue && !hasRatio) add(at, "give a value, or a numerator and denominator");
    if (hasValue && decimalOf(m.value) === undefined) add(`${at}.value`, notDecimal(m.value));
    if (hasRatio) {
      const n = decimalOf(m.numerator);
      const d = decimalOf(m.denominator);
      if (m.numerator === undefined) add(`${at}.numerator`, "is required with a denominator");
      else if (n === undefined || n.num < 0n)
        add(`${at}.numerator`, `${JSON.stringify(m.numerator)} is not a decimal of zero or more`);
      if (m.denominator === undefined) add(`${at}.denominator`, "is required with a numerator");
      else if (d === undefined || d.num <= 0n)
        add(`${at}.denominator`, `${JSON.stringify(m.denominator)} is not a decimal greater than zero`);
    }
    const first = kpi === undefined ? undefined : kpiFirstDay(kpi);
    if (period !== undefined && first !== undefined && period.start < first)
      add(`${at}.period`, `${period.name} is before ${m.kpi} is reported (from ${kpi?.from})`);
    const end = kpi === undefined ? undefined : kpiEndDay(kpi);
    if (period !== undefined && end !== undefined && period.end > end)
      add(`${at}.period`, `${period.name} is after ${m.kpi} was last reported (to ${kpi?.to})`);
    if (kpi !== undefined) {
      if (kpi.aggregation === "ratio" && hasValue && !hasRatio)
        add(at, `${kpi.code} aggregates as a ratio: give a numerator and denominator, not a value`);
      if (kpi.aggregation !== "ratio" && hasRatio && !hasValue)
        add(at, `${kpi.code} aggregates by ${kpi.aggregation}: give a value, not a numerator and denominator`);
    }
    const countProblem = (v: number | undefined) =>
      v !== undefined && (!Number.isSafeInteger(v) || v < 0) ? `${v} is not a whole number of zero or more` : undefined;
    const rp = countProblem(m.responses);
    const pp = countProblem(m.population);
    if (rp !== undefined) add(`${at}.responses`, rp);
    if (pp !== undefined) add(`${at}.population`, pp);
    if ((m.responses === undefined) !== (m.population === undefined)) add(at, "give responses and population together");
    else if (rp === undefined && pp === undefined && m.responses !== undefined && m.population !== undefined) {
      if (m.responses > m.population)
        add(`${at}.responses`, `${m.responses} responses exceed the population of ${m.population}`);
      if (m.population === 0) add(`${at}.population`, "must be greater than zero");
    }
    if (period !== undefined) {
      const key = `${m.kpi}\u0000${m.partner ?? ""}`;
      const list = seen.get(key) ?? [];
      const clash = list.find((o) => o.period.start < period.end && period.start < o.period.end);
      if (clash !== undefined) {
        const whose = m.partner === undefined ? "the partnership" : m.partner;
        add(
          `${at}.period`,
          `${period.name} overlaps measurements[${clash.index}] (${clash.period.name}) of ${m.kpi} for ${whose}`,
        );
      } else {
        list.push({ period, index: i });
        seen.set(key, list);
      }
    }
  });
  return issues;
}

/**
 * What is wrong with a KPI's `to`: not a financial year, or before its `from`'s year. Each at
 * the KPI's field `to`, for the document's schema and for {@link kpiProblems} alike.
 *
 * @param kpi - the definition's `from` and `to`
 * @returns the problems, none when `to` is absent or right
 * @example kpiSpanProblems({ from: "2025/26", to: "2024/25" })[0]?.message // "2024/25 is before 2025/26, …"
 */
export function kpiSpanProblems(kpi: {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}): { path: ["to"]; message: string }[] {
  if (kpi.to === undefined) return [];
  const end = kpiEndDay(kpi);
  if (end === undefined)
    return [{ path: ["to"], message: `${JSON.stringify(kpi.to)} is not a financial year such as 2026/27` }];
  const first = kpiFirstDay(kpi);
  if (first !== undefined && end <= first)
    return [{ path: ["to"], message: `${kpi.to} is before ${kpi.from}, the first year the KPI is reported (from)` }];
  return [];
}
