import { type CalendarDate, periodOf } from "../period/index.js";

/**
 * The first day of the first quarter that begins on or after the day the outage log is complete
 * (`loggedFrom`): a KPI scorecard derives readings from the log for that quarter and later ones
 * only, so an earlier quarter gets no reading rather than a false 100%.
 *
 * @param loggedFrom - the day the log is complete from
 * @returns the first day of the first quarter read from the log
 * @example firstLoggedQuarter("2023-05-10") // "2023-07-01"; firstLoggedQuarter("2023-04-01") // "2023-04-01"
 */
export function firstLoggedQuarter(loggedFrom: CalendarDate): CalendarDate {
  const quarter = periodOf(loggedFrom, "quarter");
  return quarter.start === loggedFrom ? quarter.start : quarter.end;
}
