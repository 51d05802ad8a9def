import { firstLoggedQuarter, isCalendarDate, parsePeriod } from "@3c/domain";
import { type DateSpan, type TermsRecord, termsRecordFor } from "@3c/store";
import { BEGINNING, FOREVER, overlap } from "./dateSpans.js";

/** The first day the outage log feeds a year's readings from: every quarter when no valid `loggedFrom` is given. */
const loggedFromDay = (loggedFrom: unknown): string =>
  typeof loggedFrom === "string" && isCalendarDate(loggedFrom) ? firstLoggedQuarter(loggedFrom) : BEGINNING;

/** The `loggedFrom` of an availability section, if it is one. */
const loggedFromOf = (availability: unknown): unknown =>
  typeof availability === "object" && availability !== null
    ? (availability as { loggedFrom?: unknown }).loggedFrom
    : undefined;

/**
 * The parts of some years in which the outage log feeds KPI readings (a service's availability
 * KPI, an incident target's KPI): a year's KPI scorecard derives them, for that year and for the
 * year before (direction of travel), from the quarters beginning on or after the `loggedFrom` of
 * the availability terms in force for the year (default: the year's start). So a year has
 * readings, and a change of what the log feeds moves its figures, exactly when one of its own
 * quarters begins on or after its `loggedFrom`: from that quarter to the year's end. The terms in
 * force are read as the reports read them (the store's `termsRecordFor` over the section's
 * history; without a history, the stored section's terms rate every year); a year without an
 * availability section has no readings.
 *
 * @param years - the years whose reports show the service or KPI (e.g. its reported span)
 * @param stored - the availability section as stored
 * @param terms - the partnership's recorded terms, every section's
 * @returns the parts of `years`, each [start, end), in which the log feeds readings; none when it feeds none
 * @example outageLogSpans({ start: "0000-01-01", end: "9999-12-31" }, { loggedFrom: "2023-05-10", … }, [])
 * // [{ start: "2023-07-01", end: "9999-12-31" }]
 */
export function outageLogSpans(years: DateSpan, stored: unknown, terms: readonly TermsRecord[]): DateSpan[] {
  const history = terms.filter((r) => r.section === "availability");
  // Each stretch of years over which one record (or the stored section) is in force.
  const boundaries = [...new Set(history.flatMap((r) => (r.effectiveFrom === null ? [] : [r.effectiveFrom])))].sort();
  const stretches = [undefined, ...boundaries].map((year, i) => {
    const next = boundaries[i];
    // "0000/01" sorts before every year: the record from the beginning.
    const record = termsRecordFor(history, year ?? "0000/01");
    return {
      start: year === undefined ? BEGINNING : parsePeriod(year).start,
      end: next === undefined ? FOREVER : parsePeriod(next).start,
      availability: record === undefined ? stored : record.body,
    };
  });
  return stretches.flatMap(({ start, end, availability }) => {
    if (availability === undefined || availability === null) return [];
    const logged = { start: loggedFromDay(loggedFromOf(availability)), end: FOREVER };
    const span = overlap(logged, overlap({ start, end }, years));
    return span === undefined ? [] : [span];
  });
}
