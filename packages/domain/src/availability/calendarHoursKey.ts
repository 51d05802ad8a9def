import { DomainError } from "../errors/index.js";
import { type CalendarDate, toEpochDay } from "../period/index.js";
import { parseTimeOfDay } from "./localTime.js";
import { type CalendarHours, WEEKDAYS } from "./ServiceCalendar.js";
import { canonicalTimeZone, DEFAULT_TIME_ZONE, weekdayIndex } from "./timeZone.js";

/**
 * What of a set of hours counts in figures, as canonical text: two sets with the same key agree on
 * the agreed time of every day that is not a bank holiday, so availability, the incident clock and
 * outage cost read through them are the same. The key holds the kind, the zone (Europe/London when
 * 24x7 hours name none, as the domain reads them; an alias as the zone it names, by
 * `canonicalTimeZone`) and, for working hours, the weekdays as a set (in
 * week order) and the window; not the bank holidays, which count day by day
 * ({@link bankHolidayCounts}). The window is held as seconds of the day, as the domain reads it.
 * So listing the weekdays in another order, writing the default zone out, another name of the same
 * zone (`Etc/UTC` for `UTC`, `Europe/Belfast` for `GB`) or a time with its seconds (`08:00:00` for
 * `08:00`) changes no key.
 *
 * @param hours - a calendar's hours, or one of its changes (its `effectiveFrom` is not read)
 * @returns the key, equal for hours that agree on every day but bank holidays
 * @example
 * calendarHoursKey({ kind: "24x7" }) === calendarHoursKey({ kind: "24x7", timeZone: "Europe/London" }); // true
 */
export function calendarHoursKey(hours: CalendarHours): string {
  const timeZone = canonicalTimeZone(hours.timeZone ?? DEFAULT_TIME_ZONE);
  if (hours.kind === "24x7") return JSON.stringify({ kind: hours.kind, timeZone });
  const weekdays = WEEKDAYS.filter((d) => hours.weekdays.includes(d));
  return JSON.stringify({ kind: hours.kind, weekdays, from: secondsOf(hours.from), to: secondsOf(hours.to), timeZone });
}

/** A time of day as the seconds the domain reads from it; a text that is not one stays as it is (validation refuses it). */
function secondsOf(text: string): number | string {
  try {
    return parseTimeOfDay(text);
  } catch (error) {
    if (error instanceof DomainError) return text;
    throw error;
  }
}

/**
 * Whether a local date being a bank holiday changes a set of hours' agreed time: only on a weekday
 * the hours serve. A bank holiday on a Saturday of Monday-to-Friday hours takes nothing out, and
 * 24x7 hours have none.
 *
 * @param hours - a calendar's hours, or one of its changes
 * @param date - the local date
 * @returns true when the date is one of the hours' bank holidays and a day they serve
 * @example bankHolidayCounts(weekdaysWithHolidayOnSaturday, "2025-05-03") // false
 */
export function bankHolidayCounts(hours: CalendarHours, date: CalendarDate): boolean {
  if (hours.kind === "24x7" || !hours.bankHolidays.includes(date)) return false;
  const weekday = WEEKDAYS[weekdayIndex(toEpochDay(date))];
  return weekday !== undefined && hours.weekdays.includes(weekday);
}
