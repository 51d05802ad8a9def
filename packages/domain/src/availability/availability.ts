import { DomainError } from "../errors/index.js";
import { Fraction, type FractionData, type RoundingMode } from "../exact/index.js";
import { type CalendarDate, type FinancialPeriod, parsePeriod } from "../period/index.js";
import type { Outage, TimedOutage } from "./Outage.js";
import { readOutageLog } from "./Outage.js";
import { readUntil } from "./readUntil.js";
import { calendarIntervals, calendarSpan, type ServiceCalendar } from "./ServiceCalendar.js";
import {
  intersectIntervals,
  mergeIntervals,
  overlapSeconds,
  subtractIntervals,
  type TimeInterval,
  totalSeconds,
} from "./TimeInterval.js";

/**
 * How planned maintenance counts: `count` treats it as downtime like any incident; `exclude` takes
 * the planned windows out of the agreed service time, so they count neither for nor against.
 */
export type PlannedTreatment = "count" | "exclude";

/** How to print a percentage: decimal places and a named rounding mode. */
export interface PercentFormat {
  readonly places: number;
  readonly rounding: RoundingMode;
}

/** Options for {@link availability}. */
export interface AvailabilityOptions {
  /** The calendar of each service reported, by service id. */
  readonly calendars: Readonly<Record<string, ServiceCalendar>>;
  /** The partners that receive the services: each gets a row per service, outages or not. */
  readonly partners: readonly string[];
  /** Whether planned maintenance counts as downtime or is excluded from the agreed time. */
  readonly planned: PlannedTreatment;
  /** How to print the percentage. */
  readonly percent: PercentFormat;
  /** When the report is taken (ISO 8601): open outages end here, and one beginning at or after it counts nothing. Needed only if some are open. */
  readonly asAt?: string;
  /**
   * Read the period only up to this day (exclusive), e.g. the first day of the month still running
   * when a report is taken: agreed time and outages from it on count nothing. Default: the period's end.
   */
  readonly until?: CalendarDate;
}

/** One outage as it counts in a row of the report. */
export interface OutageInPeriod {
  readonly id: string;
  readonly planned: boolean;
  /** Its length within the period, whether or not service was agreed then. */
  readonly elapsedSeconds: number;
  /** Its length within agreed service time (after any planned exclusion). */
  readonly inServiceSeconds: number;
}

/** Availability of one service, for all partners (`partner` absent) or for one partner. */
export interface AvailabilityFigures {
  readonly service: string;
  readonly partner?: string;
  /** Agreed service time in the period, after any planned exclusion. */
  readonly agreedSeconds: number;
  /** Agreed time lost to outages, overlaps counted once. */
  readonly downtimeSeconds: number;
  /** agreedSeconds − downtimeSeconds. */
  readonly availableSeconds: number;
  /** Agreed time taken out because planned maintenance was excluded (0 under `count`). */
  readonly plannedExcludedSeconds: number;
  /** available ÷ agreed exactly; null when no service time was agreed. */
  readonly availability: FractionData | null;
  /** The same as a percentage, e.g. `"99.87"`; null when no service time was agreed. */
  readonly percent: string | null;
  /** Outages that count (incidents, plus planned ones under `count`) overlapping the period. */
  readonly outageCount: number;
  /** Sum of their lengths within the period (overlaps counted in each). */
  readonly outageSecondsTotal: number;
  /** The longest of them within the period. */
  readonly outageSecondsLongest: number;
  /** Sum of their lengths within agreed service time (overlaps counted in each). */
  readonly inServiceSecondsTotal: number;
  /** The longest of them within agreed service time. */
  readonly inServiceSecondsLongest: number;
  /** Each outage that counts, in order of start then id. */
  readonly outages: readonly OutageInPeriod[];
}

/** The result of {@link availability}. */
export interface AvailabilityReport {
  readonly period: string;
  readonly planned: PlannedTreatment;
  /** Per service (sorted by id): the whole-service row, then one row per partner (sorted). */
  readonly rows: readonly AvailabilityFigures[];
}

function overlaps(o: TimedOutage, span: TimeInterval): boolean {
  return o.start === o.end ? o.start >= span.start && o.start < span.end : o.start < span.end && o.end > span.start;
}

function figures(
  service: string,
  partner: string | undefined,
  inScope: readonly TimedOutage[],
  base: readonly TimeInterval[],
  span: TimeInterval,
  options: AvailabilityOptions,
): AvailabilityFigures {
  const exclude = options.planned === "exclude";
  const counted = exclude ? inScope.filter((o) => !o.outage.planned) : inScope;
  const agreed = exclude
    ? subtractIntervals(
        base,
        inScope.filter((o) => o.outage.planned),
      )
    : mergeIntervals(base);
  const down = totalSeconds(intersectIntervals(counted, agreed));
  const agreedSeconds = totalSeconds(agreed);
  const available = agreedSeconds - down;
  const outages = counted
    .map((o) => ({
      id: o.outage.id,
      planned: o.outage.planned,
      elapsedSeconds: Math.min(o.end, span.end) - Math.max(o.start, span.start),
      inServiceSeconds: overlapSeconds(o, agreed),
      start: o.start,
    }))
    .sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ start: _start, ...rest }) => rest);
  const ratio = agreedSeconds === 0 ? null : Fraction.of(BigInt(available), BigInt(agreedSeconds));
  return {
    service,
    ...(partner === undefined ? {} : { partner }),
    agreedSeconds,
    downtimeSeconds: down,
    availableSeconds: available,
    plannedExcludedSeconds: totalSeconds(base) - agreedSeconds,
    availability: ratio?.toData() ?? null,
    percent: ratio?.mul(Fraction.of(100n)).toDecimalString(options.percent.places, options.percent.rounding) ?? null,
    outageCount: outages.length,
    outageSecondsTotal: outages.reduce((s, o) => s + o.elapsedSeconds, 0),
    outageSecondsLongest: outages.reduce((m, o) => Math.max(m, o.elapsedSeconds), 0),
    inServiceSecondsTotal: outages.reduce((s, o) => s + o.inServiceSeconds, 0),
    inServiceSecondsLongest: outages.reduce((m, o) => Math.max(m, o.inServiceSeconds), 0),
    outages,
  };
}

/**
 * Availability per service and per partner for a financial period:
 * (agreed service time − downtime) ÷ agreed service time, exactly.
 *
 * Outages are clipped to the service's calendar within the period; overlapping outages of the
 * same service (and partner) are merged so no second is lost twice; planned maintenance counts as
 * downtime or is taken out of the agreed time, as `planned` says. A partner's row counts only the
 * outages that list that partner.
 *
 * @param log - the outage log
 * @param period - a financial period or its name, e.g. `2024/25-Q1`
 * @param options - calendars by service, partners, planned treatment, percent format, asAt, and
 *   the day the period is read until
 * @returns one row per service and per service and partner
 * @throws DomainError `INVALID_OUTAGE` (bad entry, unknown partner, open outage without asAt),
 *   `INVALID_CALENDAR` (a service with no calendar), `INVALID_TIME`, `INVALID_PERIOD` (also an
 *   `until` that is no calendar date),
 *   `INVALID_DECIMAL` (percent places not 0–20)
 * @example
 * const report = availability(log, "2024/25-Q1", {
 *   calendars: { ICT: officeHours }, partners: ["CCC", "HDC", "SCDC"],
 *   planned: "exclude", percent: { places: 2, rounding: "half-even" },
 * });
 * report.rows[0]; // { service: "ICT", agreedSeconds: 2_228_400, downtimeSeconds: 10_800, percent: "99.52", … }
 */
export function availability(
  log: readonly Outage[],
  period: FinancialPeriod | string,
  options: AvailabilityOptions,
): AvailabilityReport {
  const p = typeof period === "string" ? parsePeriod(period) : period;
  const { places } = options.percent;
  if (!Number.isInteger(places) || places < 0 || places > 20) {
    throw new DomainError("INVALID_DECIMAL", `percent.places: ${places} is not a whole number from 0 to 20`, {
      path: "percent.places",
    });
  }
  const timed = readOutageLog(log, options.asAt);
  const partners = [...new Set(options.partners)].sort();
  const known = new Set(partners);
  // Every entry of the log, also an open one not begun by asAt: a partner or service unknown is an
  // error in the log whenever the outage falls.
  log.forEach((outage, i) => {
    outage.partners.forEach((x, k) => {
      if (!known.has(x.partner)) {
        throw new DomainError(
          "INVALID_OUTAGE",
          `outages[${i}].partners[${k}].partner (outage ${outage.id}): ${x.partner} is not one of the partners ${partners.join(", ")}`,
          { path: `outages[${i}].partners[${k}].partner` },
        );
      }
    });
    outage.services.forEach((s, k) => {
      if (options.calendars[s] === undefined) {
        throw new DomainError(
          "INVALID_CALENDAR",
          `outages[${i}].services[${k}] (outage ${outage.id}): service ${s} has no calendar; give it one`,
          { path: `outages[${i}].services[${k}]` },
        );
      }
    });
  });
  const rows: AvailabilityFigures[] = [];
  const end = readUntil(p, options.until);
  for (const service of Object.keys(options.calendars).sort()) {
    const calendar = options.calendars[service] as ServiceCalendar;
    const base = calendarIntervals(calendar, p.start, end);
    const span = calendarSpan(calendar, p.start, end);
    const ofService = timed.filter((o) => o.outage.services.includes(service) && overlaps(o, span));
    rows.push(figures(service, undefined, ofService, base, span, options));
    for (const partner of partners) {
      const ofPartner = ofService.filter((o) => o.outage.partners.some((x) => x.partner === partner));
      rows.push(figures(service, partner, ofPartner, base, span, options));
    }
  }
  return { period: p.name, planned: options.planned, rows };
}
