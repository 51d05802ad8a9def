import { DomainError } from "../errors/index.js";

declare const calendarDateBrand: unique symbol;

/** A calendar date with no time or zone, as an ISO string `YYYY-MM-DD`. Sorts as text. */
export type CalendarDate = string & { readonly [calendarDateBrand]: true };

/**
 * Number of days in a month of the proleptic Gregorian calendar.
 *
 * @param year - e.g. 2024
 * @param month - 1–12
 * @returns 28–31
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether text is a real calendar date in `YYYY-MM-DD` form.
 *
 * @param text - anything
 * @returns true for `"2024-02-29"`, false for `"2023-02-29"`
 */
export function isCalendarDate(text: unknown): text is CalendarDate {
  // Read from the character codes, as /^(\d{4})-(\d{2})-(\d{2})$/ would match (the reference in the
  // tests): every line of a ledger or an import has a date checked, and a regular expression's match
  // and three substrings per date were a tenth of a small scenario's parse.
  if (typeof text !== "string" || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45)
    return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// The number written by `length` ASCII digits from `start`, or -1 if any is not a digit.
function digitsAt(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Validates a calendar date.
 *
 * @param text - a date as `YYYY-MM-DD`
 * @param where - field path for the error message
 * @returns the branded date
 * @throws DomainError `INVALID_DATE`
 */
export function parseDate(text: string, where = "date"): CalendarDate {
  if (!isCalendarDate(text)) {
    throw new DomainError(
      "INVALID_DATE",
      `${where}: ${JSON.stringify(text)} is not a calendar date; expected YYYY-MM-DD such as 2024-04-01`,
      { path: where },
    );
  }
  return text;
}

/**
 * Builds a date from its parts, which must be valid.
 *
 * @param year - four-digit year
 * @param month - 1–12
 * @param day - 1–31
 * @returns the date
 * @throws DomainError `INVALID_DATE`
 */
export function dateOf(year: number, month: number, day: number): CalendarDate {
  const text = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return parseDate(text);
}

/**
 * Days since 1970-01-01 for a date (Howard Hinnant's days-from-civil), without the JS Date object
 * and so without time zones.
 *
 * @param date - the date
 * @returns whole days, negative before 1970
 */
export function toEpochDay(date: CalendarDate): number {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The date a number of days after 1970-01-01 (civil-from-days).
 *
 * @param epochDay - whole days since 1970-01-01
 * @returns the date
 */
export function fromEpochDay(epochDay: number): CalendarDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return dateOf(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/**
 * Adds whole days to a date.
 *
 * @param date - the start
 * @param days - days to add (may be negative)
 * @returns the shifted date
 */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * A month as one integer (year × 12 + month − 1), read straight from the text for speed.
 *
 * @param date - a valid date
 * @returns the month ordinal
 */
export function monthOrdinal(date: CalendarDate): number {
  // Character arithmetic: this runs once per cost line on the hot path.
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48);
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  return year * 12 + month - 1;
}
