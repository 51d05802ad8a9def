import type { DateSpan } from "@3c/store";

/** The beginning of time and its end, as dates: a part in force from one to the other. */
export const BEGINNING = "0000-01-01";
export const FOREVER = "9999-12-31";

/**
 * The later of two days. Dates as text (`YYYY-MM-DD`) sort as days do.
 *
 * @param a - a day
 * @param b - another
 * @returns the later
 */
export function laterDay(a: string, b: string): string {
  return [a, b].sort()[1] ?? a;
}

/**
 * The days two spans share.
 *
 * @param a - a span, [start, end)
 * @param b - another, or none
 * @returns the shared days, or undefined when they share none (or `b` is missing)
 */
export function overlap(a: DateSpan, b: DateSpan | undefined): DateSpan | undefined {
  if (b === undefined) return undefined;
  const start = laterDay(a.start, b.start);
  const end = [a.end, b.end].sort()[0] ?? a.end;
  return start < end ? { start, end } : undefined;
}
