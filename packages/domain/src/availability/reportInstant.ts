import type { FinancialPeriod } from "../period/index.js";
import { isCalendarDate } from "../period/index.js";
import { type EpochSeconds, formatInstant, parseInstant } from "./instant.js";
import { startOfLocalDay } from "./localTime.js";
import { periodInterval } from "./ServiceCalendar.js";
import { DEFAULT_TIME_ZONE } from "./timeZone.js";

/**
 * The instant a report of a period is taken at (its `asAt`: outages still open end there, and one not
 * begun by then counts nothing). As asked: an ISO 8601 instant as given, or a date read as its first
 * instant in UK time. Not asked: the earlier of the period's end and now, so a report of a past year
 * is the same whenever it is asked for, and one of the running year is taken now. The API and the
 * calculator both take their reports' `asAt` from here, so the same question gets the same answer.
 *
 * @param asked - the caller's `asAt`, if any: an instant (whole seconds, with an offset) or `YYYY-MM-DD`
 * @param period - the report's period (e.g. `2024/25`)
 * @param now - the caller's clock, POSIX seconds (the domain reads no clock)
 * @returns the instant, ISO 8601 (an asked instant unchanged; otherwise in UTC, with `Z`)
 * @throws DomainError `INVALID_TIME` (path `asAt`) for an `asked` that is neither; `INVALID_PERIOD`
 * @example reportInstant(undefined, "2024/25", parseInstant("2026-11-23T12:00:00Z")) // "2025-03-31T23:00:00Z"
 * @example reportInstant("2025-03-31", "2024/25", 0) // "2025-03-30T23:00:00Z"
 */
export function reportInstant(asked: string | undefined, period: FinancialPeriod | string, now: EpochSeconds): string {
  if (asked === undefined) return formatInstant(Math.min(periodInterval(period).end, now));
  if (isCalendarDate(asked)) return formatInstant(startOfLocalDay(asked, DEFAULT_TIME_ZONE));
  parseInstant(asked, "asAt");
  return asked;
}
