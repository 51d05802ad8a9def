import { DomainError, unreachable } from "../errors/index.js";
import { type CalendarDate, dateOf, monthOrdinal } from "./CalendarDate.js";

/** The granularities of the UK financial calendar. */
export const PERIOD_KINDS = ["year", "quarter", "month"] as const;

/** `year` (1 April – 31 March), `quarter` (Q1 = April–June) or `month` (P1 = April). */
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/**
 * A UK financial period: a half-open interval of dates [start, end).
 * Names: `2024/25`, `2024/25-Q3`, `2024/25-P7`.
 */
export interface FinancialPeriod {
  readonly kind: PeriodKind;
  /** Canonical name, e.g. `2024/25-Q3`. */
  readonly name: string;
  /** The calendar year in which the financial year starts (2024 for 2024/25). */
  readonly startYear: number;
  /** Quarter 1–4 or month 1–12 within the year; 0 for a year. */
  readonly index: number;
  /** First day, inclusive. */
  readonly start: CalendarDate;
  /** First day after the period (exclusive). */
  readonly end: CalendarDate;
}

const PERIOD_PATTERN = /^(\d{4})\/(\d{2})(?:-(?:Q([1-4])|P(0?[1-9]|1[0-2])))?$/;

function yearName(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** Start of financial month `p` (1 = April) of the year starting `startYear`. */
function monthStart(startYear: number, p: number): CalendarDate {
  const calendarMonth = ((p + 2) % 12) + 1;
  return dateOf(calendarMonth >= 4 ? startYear : startYear + 1, calendarMonth, 1);
}

/**
 * The financial year that starts in a calendar year.
 *
 * @param startYear - e.g. 2024 for 2024/25
 * @returns the year period
 */
export function financialYear(startYear: number): FinancialPeriod {
  return {
    kind: "year",
    name: yearName(startYear),
    startYear,
    index: 0,
    start: dateOf(startYear, 4, 1),
    end: dateOf(startYear + 1, 4, 1),
  };
}

/**
 * A quarter of a financial year.
 *
 * @param startYear - e.g. 2024 for 2024/25
 * @param q - 1–4 (Q1 = April–June)
 * @returns the quarter period
 */
export function financialQuarter(startYear: number, q: number): FinancialPeriod {
  if (!Number.isInteger(q) || q < 1 || q > 4) {
    throw new DomainError("INVALID_PERIOD", `Quarter ${q} does not exist; expected 1 to 4`);
  }
  return {
    kind: "quarter",
    name: `${yearName(startYear)}-Q${q}`,
    startYear,
    index: q,
    start: monthStart(startYear, (q - 1) * 3 + 1),
    end: q === 4 ? dateOf(startYear + 1, 4, 1) : monthStart(startYear, q * 3 + 1),
  };
}

/**
 * A month of a financial year.
 *
 * @param startYear - e.g. 2024 for 2024/25
 * @param p - 1–12 (P1 = April)
 * @returns the month period
 */
export function financialMonth(startYear: number, p: number): FinancialPeriod {
  if (!Number.isInteger(p) || p < 1 || p > 12) {
    throw new DomainError("INVALID_PERIOD", `Month P${p} does not exist; expected P1 to P12`);
  }
  return {
    kind: "month",
    name: `${yearName(startYear)}-P${p}`,
    startYear,
    index: p,
    start: monthStart(startYear, p),
    end: p === 12 ? dateOf(startYear + 1, 4, 1) : monthStart(startYear, p + 1),
  };
}

/**
 * Parses a financial period name.
 *
 * @param name - `2024/25`, `2024/25-Q3`, `2024/25-P7` (or `P07`)
 * @param where - field path for the error message
 * @returns the period
 * @throws DomainError `INVALID_PERIOD`
 * @example parsePeriod("2024/25-Q3").start // "2024-10-01"
 */
export function parsePeriod(name: string, where = "period"): FinancialPeriod {
  const m = PERIOD_PATTERN.exec(name);
  const startYear = m === null ? Number.NaN : Number(m[1]);
  if (m === null || (startYear + 1) % 100 !== Number(m[2])) {
    throw new DomainError(
      "INVALID_PERIOD",
      `${where}: ${JSON.stringify(name)} is not a UK financial period; expected a year such as 2024/25, a quarter such as 2024/25-Q3 or a month such as 2024/25-P7`,
      { path: where },
    );
  }
  if (m[3] !== undefined) return financialQuarter(startYear, Number(m[3]));
  if (m[4] !== undefined) return financialMonth(startYear, Number(m[4]));
  return financialYear(startYear);
}

/**
 * The period of a given kind that contains a date.
 *
 * @param date - the date
 * @param kind - `year`, `quarter` or `month`
 * @returns the containing period
 */
export function periodOf(date: CalendarDate, kind: PeriodKind): FinancialPeriod {
  const ordinal = monthOrdinal(date);
  const calendarYear = Math.floor(ordinal / 12);
  const calendarMonth = (ordinal % 12) + 1;
  const startYear = calendarMonth >= 4 ? calendarYear : calendarYear - 1;
  const p = ((calendarMonth + 8) % 12) + 1;
  switch (kind) {
    case "year":
      return financialYear(startYear);
    case "quarter":
      return financialQuarter(startYear, Math.ceil(p / 3));
    case "month":
      return financialMonth(startYear, p);
    default:
      return unreachable(kind);
  }
}

/**
 * A fast integer key for the period of a kind containing a date: equal keys mean the same period.
 *
 * @param date - the date
 * @param kind - the granularity
 * @returns an integer unique to the period within its kind
 */
export function periodKey(date: CalendarDate, kind: PeriodKind): number {
  // Financial months counted from April of year 0, so April starts each financial year.
  const fm = monthOrdinal(date) - 3;
  switch (kind) {
    case "month":
      return fm;
    case "quarter":
      return Math.floor(fm / 3);
    case "year":
      return Math.floor(fm / 12);
    default:
      return unreachable(kind);
  }
}

/**
 * Whether a date falls inside a period (start inclusive, end exclusive).
 *
 * @param period - the period
 * @param date - the date
 * @returns true when start ≤ date < end
 */
export function periodContains(period: FinancialPeriod, date: CalendarDate): boolean {
  return date >= period.start && date < period.end;
}

/**
 * Whether one period lies wholly inside another.
 *
 * @param outer - the containing period
 * @param inner - the contained period
 * @returns true when inner ⊆ outer
 */
export function periodWithin(outer: FinancialPeriod, inner: FinancialPeriod): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

/**
 * The periods of a finer kind that make up a period, in order.
 *
 * @param period - e.g. a year
 * @param kind - e.g. `quarter`
 * @returns e.g. Q1–Q4
 * @throws DomainError `INVALID_PERIOD` when `kind` is coarser than the period
 */
export function subdivide(period: FinancialPeriod, kind: PeriodKind): FinancialPeriod[] {
  const order = { year: 0, quarter: 1, month: 2 } as const;
  if (order[kind] < order[period.kind]) {
    throw new DomainError("INVALID_PERIOD", `Cannot divide ${period.name} into ${kind}s`);
  }
  const out: FinancialPeriod[] = [];
  for (let p = periodOf(period.start, kind); p.start < period.end; p = periodOf(p.end, kind)) out.push(p);
  return out;
}

/**
 * The period immediately after (offset 1) or before (offset −1) this one, or further.
 *
 * @param period - the period
 * @param offset - how many periods of the same kind to move
 * @returns the shifted period
 */
export function shiftPeriod(period: FinancialPeriod, offset: number): FinancialPeriod {
  switch (period.kind) {
    case "year":
      return financialYear(period.startYear + offset);
    case "quarter": {
      const n = period.startYear * 4 + (period.index - 1) + offset;
      return financialQuarter(Math.floor(n / 4), (((n % 4) + 4) % 4) + 1);
    }
    case "month": {
      const n = period.startYear * 12 + (period.index - 1) + offset;
      return financialMonth(Math.floor(n / 12), (((n % 12) + 12) % 12) + 1);
    }
    default:
      return unreachable(period.kind);
  }
}

/**
 * The same period one financial year earlier (Q3 of last year for Q3).
 *
 * @param period - the period
 * @returns the period a year before
 */
export function samePeriodLastYear(period: FinancialPeriod): FinancialPeriod {
  return shiftPeriod(period, period.kind === "year" ? -1 : period.kind === "quarter" ? -4 : -12);
}
