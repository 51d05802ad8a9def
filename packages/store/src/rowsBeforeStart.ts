import { DEFAULT_TIME_ZONE, localDateOf, parseDate, parseInstant, parsePeriod, startOfLocalDay } from "@3c/domain";
import { startOf } from "./pools.js";
import type { RowIssue } from "./StoreError.js";
import type { SectionName } from "./sections.js";
import type { Service } from "./structure.js";

type Loose = Readonly<Record<string, unknown>>;
const rows = (v: unknown): [Loose, number][] =>
  Array.isArray(v)
    ? v.flatMap((x: unknown, i) => (typeof x === "object" && x !== null ? [[x as Loose, i] as [Loose, number]] : []))
    : [];
const text = (row: Loose, key: string): string | undefined =>
  typeof row[key] === "string" ? (row[key] as string) : undefined;

/**
 * The rows of the section written that are dated before their service or pool takes part, each at
 * its dated field: a budget, a savings contribution or one-off item for a year, or a KPI measurement
 * for a period, ending on or before the start; an outage of the service beginning before it, on
 * the date in its calendar's zone (UK time for a service no calendar of the document serves), as
 * the domain places the outage in days and periods. Undated rows (KPI definitions, calendars,
 * baselines, whose base year is before sharing began) are not refused: they leave earlier years'
 * reports with their service.
 *
 * @param section - the section written
 * @param document - the scenario document with the section as written (a measurement's service is
 *   its KPI's, read from the document's `kpis`)
 * @param services - the partnership's services, with their starts and their pools'
 * @returns one issue per row, at its dated field; none for a section with no dated rows of a service
 */
export function rowsBeforeStart(section: SectionName, document: Loose, services: readonly Service[]): RowIssue[] {
  const issues: RowIssue[] = [];
  const ending = (
    field: string,
    service: string | undefined,
    pool: string | undefined,
    year: string | undefined,
    what: string,
  ) => {
    const from = startOf(services, service, pool);
    const end = from === undefined || year === undefined ? undefined : periodEnd(year);
    if (from !== undefined && end !== undefined && end <= from.start)
      issues.push({
        field,
        message: `${from.what} takes part from ${from.start}: ${what} that ends after ${from.start}`,
      });
  };
  switch (section) {
    case "budgets":
      for (const [b, i] of rows(document.budgets))
        ending(
          `budgets[${i}].year`,
          text(b, "service"),
          text(b, "pool"),
          text(b, "year"),
          "a budget of it is for a year",
        );
      break;
    case "measurements": {
      const serviceOf = new Map(rows(document.kpis).map(([k]) => [text(k, "code"), text(k, "service")]));
      for (const [m, i] of rows(document.measurements))
        ending(
          `measurements[${i}].period`,
          serviceOf.get(text(m, "kpi")),
          undefined,
          text(m, "period"),
          `a measurement of its KPI ${text(m, "kpi")} is for a period`,
        );
      break;
    }
    case "savings": {
      const savings = (
        typeof document.savings === "object" && document.savings !== null ? document.savings : {}
      ) as Loose;
      for (const [x, i] of rows(savings.contributions))
        ending(
          `savings.contributions[${i}].year`,
          text(x, "service"),
          undefined,
          text(x, "year"),
          "a contribution to it is for a year",
        );
      for (const [o, i] of rows(savings.oneOffs))
        ending(
          `savings.oneOffs[${i}].year`,
          text(o, "service"),
          undefined,
          text(o, "year"),
          "a one-off item of it is for a year",
        );
      break;
    }
    case "outages": {
      const zoneOf = zonesOf(document.calendars);
      for (const [o, i] of rows(document.outages)) {
        const late = (Array.isArray(o.services) ? o.services : [])
          .map((id: unknown) => ({
            from: startOf(services, typeof id === "string" ? id : undefined, undefined),
            day: localDate(text(o, "start"), zoneOf.get(id)?.(text(o, "start")) ?? DEFAULT_TIME_ZONE),
          }))
          .find(({ from, day }) => from !== undefined && day !== undefined && day < from.start)?.from;
        if (late !== undefined)
          issues.push({
            field: `outages[${i}].start`,
            message: `${late.what} takes part from ${late.start}: an outage of it begins on or after ${late.start}`,
          });
      }
      break;
    }
    default:
      break;
  }
  return issues;
}

/** The zone of a service's day at an instant as written (undefined: its first hours' zone). */
export type ZoneAt = (instant: string | undefined) => string;

/**
 * The zone each service's days begin in, by service id, as the domain counts them: the zone of its
 * calendar's hours in force at the instant asked (`Europe/London` for a 24x7 calendar that names
 * none). Hours changed from a date are in force from that date's midnight in their own zone, as
 * the domain splits a calendar. A service no calendar serves is absent.
 *
 * @param calendars - the calendars as written (entries that are not objects are skipped)
 * @returns each served service's zone at an instant
 */
export function zonesOf(calendars: unknown): Map<unknown, ZoneAt> {
  const zoneOf = new Map<unknown, ZoneAt>();
  for (const [c] of rows(calendars)) {
    const first = text(c, "timeZone") ?? DEFAULT_TIME_ZONE;
    // Each change's first instant: the start of its first day in its own zone.
    const changes = rows(c.changes).flatMap(([v]) => {
      const zone = text(v, "timeZone") ?? DEFAULT_TIME_ZONE;
      const from = text(v, "effectiveFrom");
      try {
        return from === undefined ? [] : [{ at: startOfLocalDay(parseDate(from), zone), zone }];
      } catch {
        return []; // a date or zone the domain has already refused
      }
    });
    const zoneAt: ZoneAt = (instant) => {
      let t: number | undefined;
      try {
        t = instant === undefined ? undefined : parseInstant(instant);
      } catch {
        t = undefined;
      }
      if (t === undefined) return first;
      return changes.filter((v) => v.at <= (t as number)).at(-1)?.zone ?? first;
    };
    for (const id of Array.isArray(c.services) ? c.services : []) zoneOf.set(id, zoneAt);
  }
  return zoneOf;
}

/**
 * The calendar date of an instant in a zone, or undefined for text the domain has already refused.
 *
 * @param instant - an ISO 8601 instant as written
 * @param zone - an IANA zone
 * @returns the date, `YYYY-MM-DD`
 */
export function localDate(instant: string | undefined, zone: string): string | undefined {
  if (instant === undefined) return undefined;
  try {
    return localDateOf(parseInstant(instant), zone);
  } catch {
    return undefined;
  }
}

/** The first day after a financial year, or undefined for a name the domain has already refused. */
function periodEnd(year: string): string | undefined {
  try {
    return parsePeriod(year).end;
  } catch {
    return undefined;
  }
}
