import { DomainError } from "../errors/index.js";
import { Fraction, type FractionData } from "../exact/index.js";
import { type FinancialPeriod, parsePeriod } from "../period/index.js";
import { parseInstant } from "./instant.js";
import { type Outage, PRIORITIES, type Priority, readOutageLog, type TimedOutage } from "./Outage.js";
import { calendarIntervalsAround, periodInterval, type ServiceCalendar } from "./ServiceCalendar.js";
import { intersectIntervals, type TimeInterval, totalSeconds } from "./TimeInterval.js";
import { DEFAULT_TIME_ZONE } from "./timeZone.js";

/** A resolution target: incidents of a priority resolved within a time, measured as a KPI. */
export interface IncidentTarget {
  /** The KPI id the measurement is reported under, e.g. `ict-p1-fix`. */
  readonly kpi: string;
  readonly priority: Priority;
  /** Time allowed from start to resolution, in whole seconds (4 h = 14,400). */
  readonly withinSeconds: number;
  /**
   * How the time is counted: `elapsed` (round the clock, the default) or `service` (only agreed
   * service time of the incident's services, e.g. "P3 within 2 working days").
   */
  readonly clock?: IncidentClock;
}

/** `elapsed`: every second counts; `service`: only seconds in the affected services' calendars. */
export type IncidentClock = "elapsed" | "service";

/** Options for {@link incidentResolution}. */
export interface IncidentResolutionOptions {
  readonly targets: readonly IncidentTarget[];
  /** Count only incidents of this service; default every service. */
  readonly service?: string;
  /** Also give one row per partner affected (default false). */
  readonly byPartner?: boolean;
  /** When the report is taken (ISO 8601). Needed when an incident is still open; one opened at or after it is not counted. */
  readonly asAt?: string;
  /** Zone whose midnights bound the period (default Europe/London). */
  readonly timeZone?: string;
  /** Each service's calendar, by service id: needed by targets on the `service` clock. */
  readonly calendars?: Readonly<Record<string, ServiceCalendar>>;
}

/** How one incident fared against its target. `pending`: open, and its time is not yet up at asAt. */
export interface IncidentOutcome {
  readonly id: string;
  /** Seconds from start to resolution on the target's clock; null while open. */
  readonly resolutionSeconds: number | null;
  readonly outcome: "met" | "missed" | "pending";
}

/** One target's result, for all partners (`partner` absent) or one partner. */
export interface IncidentResolutionFigures {
  readonly kpi: string;
  readonly priority: Priority;
  readonly partner?: string;
  readonly withinSeconds: number;
  readonly clock: IncidentClock;
  /** Incidents resolved within the target. */
  readonly met: number;
  /** Incidents judged: met plus missed (pending ones are left out). */
  readonly judged: number;
  /** met ÷ judged exactly; null when none was judged. */
  readonly share: FractionData | null;
  /** Every incident of the priority raised in the period, in order of start then id. */
  readonly incidents: readonly IncidentOutcome[];
}

/** The result of {@link incidentResolution}. */
export interface IncidentResolutionReport {
  readonly period: string;
  readonly rows: readonly IncidentResolutionFigures[];
}

/**
 * The share of incidents resolved within their priority's target ("90% of P1 incidents fixed
 * within 4 hours"), for incidents raised in a period.
 *
 * An incident is an unplanned outage; it belongs to the period in which it started. Its
 * resolution time runs from `start` to `resolvedAt` (else `end`): every second on the `elapsed`
 * clock, or only the seconds in which one of its services was agreed to be available on the
 * `service` clock. An incident still open at `asAt` has missed if its time is already up, and is
 * pending (not yet judged) otherwise.
 *
 * @param log - the outage log
 * @param period - a financial period or its name
 * @param options - targets, service filter, per-partner rows, asAt, zone
 * @returns one row per target (and per target and partner when asked)
 * @throws DomainError `INVALID_OUTAGE` (bad entry, open incident without asAt, bad target),
 *   `INVALID_CALENDAR` (a service clock for a service with no calendar), `INVALID_TIME`, `INVALID_PERIOD`
 * @example
 * incidentResolution(log, "2024/25-Q1", { targets: [{ kpi: "ict-p1-fix", priority: "P1", withinSeconds: 14_400 }] })
 */
export function incidentResolution(
  log: readonly Outage[],
  period: FinancialPeriod | string,
  options: IncidentResolutionOptions,
): IncidentResolutionReport {
  const p = typeof period === "string" ? parsePeriod(period) : period;
  const span = periodInterval(p, options.timeZone ?? DEFAULT_TIME_ZONE);
  const reportAt = options.asAt === undefined ? undefined : parseInstant(options.asAt, "asAt");
  const incidents = readOutageLog(log, options.asAt)
    .filter((o) => !o.outage.planned && o.start >= span.start && o.start < span.end)
    .filter((o) => options.service === undefined || o.outage.services.includes(options.service))
    .sort((a, b) => a.start - b.start || (a.outage.id < b.outage.id ? -1 : a.outage.id > b.outage.id ? 1 : 0));
  const rows: IncidentResolutionFigures[] = [];
  options.targets.forEach((t, i) => {
    if (!(PRIORITIES as readonly string[]).includes(t.priority)) {
      throw new DomainError("INVALID_OUTAGE", `targets[${i}].priority: ${JSON.stringify(t.priority)} is not P1…P4`, {
        path: `targets[${i}].priority`,
      });
    }
    if (!Number.isSafeInteger(t.withinSeconds) || t.withinSeconds <= 0) {
      throw new DomainError(
        "INVALID_OUTAGE",
        `targets[${i}].withinSeconds: ${t.withinSeconds} is not a whole number of seconds above zero`,
        { path: `targets[${i}].withinSeconds` },
      );
    }
    const clock = t.clock ?? "elapsed";
    if (clock !== "elapsed" && clock !== "service") {
      throw new DomainError(
        "INVALID_OUTAGE",
        `targets[${i}].clock: ${JSON.stringify(clock)} is not elapsed or service`,
        {
          path: `targets[${i}].clock`,
        },
      );
    }
    const ofPriority = incidents.filter((o) => o.outage.priority === t.priority);
    const outcomes = ofPriority.map((o): IncidentOutcome & { partners: readonly string[] } => {
      const partners = o.outage.partners.map((x) => x.partner);
      const measure = (until: number): number =>
        clock === "elapsed" ? until - o.start : serviceSeconds(o, until, options.calendars ?? {}, i);
      if (o.resolved !== undefined) {
        const seconds = measure(o.resolved);
        return {
          id: o.outage.id,
          resolutionSeconds: seconds,
          outcome: seconds <= t.withinSeconds ? "met" : "missed",
          partners,
        };
      }
      // Open: readOutageLog has already insisted on asAt.
      const late = measure(reportAt as number) > t.withinSeconds;
      return { id: o.outage.id, resolutionSeconds: null, outcome: late ? "missed" : "pending", partners };
    });
    const row = (partner: string | undefined): IncidentResolutionFigures => {
      const mine = outcomes.filter((o) => partner === undefined || o.partners.includes(partner));
      const met = mine.filter((o) => o.outcome === "met").length;
      const judged = mine.filter((o) => o.outcome !== "pending").length;
      return {
        kpi: t.kpi,
        priority: t.priority,
        ...(partner === undefined ? {} : { partner }),
        withinSeconds: t.withinSeconds,
        clock,
        met,
        judged,
        share: judged === 0 ? null : Fraction.of(BigInt(met), BigInt(judged)).toData(),
        incidents: mine.map(({ partners: _p, ...rest }) => rest),
      };
    };
    rows.push(row(undefined));
    if (options.byPartner === true) {
      const partners = [...new Set(ofPriority.flatMap((o) => o.outage.partners.map((x) => x.partner)))].sort();
      for (const partner of partners) rows.push(row(partner));
    }
  });
  return { period: p.name, rows };
}

/** Agreed service seconds of an incident's services (their calendars' union) from its start to `until`. */
function serviceSeconds(
  o: TimedOutage,
  until: number,
  calendars: Readonly<Record<string, ServiceCalendar>>,
  target: number,
): number {
  const span: TimeInterval = { start: o.start, end: until };
  const agreed: TimeInterval[] = [];
  for (const service of o.outage.services) {
    const calendar = calendars[service];
    if (calendar === undefined) {
      throw new DomainError(
        "INVALID_CALENDAR",
        `targets[${target}].clock: incident ${o.outage.id} is timed on the service clock but service ${service} has no calendar`,
        { path: `targets[${target}].clock` },
      );
    }
    agreed.push(...calendarIntervalsAround(calendar, o.start, until));
  }
  return totalSeconds(intersectIntervals([span], agreed));
}
