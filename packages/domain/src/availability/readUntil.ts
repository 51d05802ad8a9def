import { DomainError } from "../errors/index.js";
import { type CalendarDate, type FinancialPeriod, isCalendarDate } from "../period/index.js";

/**
 * The first day after the part of a period that is read: `until` when it falls inside the period,
 * the period's start when it is before it (nothing is read), else the period's end.
 *
 * @param period - the period reported
 * @param until - the first day not read, if any
 * @returns the exclusive end of what is read
 * @throws DomainError `INVALID_PERIOD` when `until` is not a calendar date
 */
export function readUntil(period: FinancialPeriod, until: CalendarDate | undefined): CalendarDate {
  if (until === undefined) return period.end;
  if (!isCalendarDate(until)) {
    throw new DomainError(
      "INVALID_PERIOD",
      `until: expected a calendar date YYYY-MM-DD; got ${JSON.stringify(until)}`,
      {
        path: "until",
      },
    );
  }
  return until < period.start ? period.start : until < period.end ? until : period.end;
}
