import { DomainError, unreachable } from "../errors/index.js";
import { type CalendarDate, type FinancialPeriod, isCalendarDate, parsePeriod, toEpochDay } from "../period/index.js";
import { localDayToInstant, parseTimeOfDay, startOfLocalDay } from "./localTime.js";

const WINDOW = { where: "calendar window" } as const;

import type { TimeInterval } from "./TimeInterval.js";
import { checkTimeZone, DEFAULT_TIME_ZONE, weekdayIndex } from "./timeZone.js";

/** Days of the week, Monday first (ISO 8601). */
export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** One of {@link WEEKDAYS}. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Service round the clock. Days (and so periods) begin at local midnight in `timeZone`. */
export interface Calendar24x7 {
  readonly kind: "24x7";
  /** Zone whose midnight starts each day; default Europe/London. */
  readonly timeZone?: string;
}

/** Service on some weekdays between two local times, except bank holidays. */
export interface WorkingHoursCalendar {
  readonly kind: "working-hours";
  /** The days served, e.g. Monday to Friday. */
  readonly weekdays: readonly Weekday[];
  /** Local start time `HH:MM`, e.g. `08:00`. */
  readonly from: string;
  /** Local end time `HH:MM` (after `from`; `24:00` for midnight), e.g. `18:00`. */
  readonly to: string;
  /** IANA zone of the local times, e.g. `Europe/London`. */
  readonly timeZone: string;
  /** Days with no service even when their weekday is served. */
  readonly bankHolidays: readonly CalendarDate[];
}

/** When a service is agreed to be available: 24x7 or working hours. */
export type ServiceCalendar = Calendar24x7 | WorkingHoursCalendar;

/**
 * The zone a calendar's local times and days are in.
 *
 * @param calendar - the calendar
 * @returns its zone (Europe/London for a 24x7 calendar that names none)
 */
export function calendarTimeZone(calendar: ServiceCalendar): string {
  return calendar.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * Checks a calendar: a known zone; for working hours, at least one weekday and none twice,
 * `from` before `to`, real bank-holiday dates.
 *
 * @param calendar - the calendar
 * @param where - field path for errors
 * @returns the same calendar
 * @throws DomainError `INVALID_CALENDAR`, `INVALID_TIME`
 */
export function checkCalendar(calendar: ServiceCalendar, where = "calendar"): ServiceCalendar {
  checkTimeZone(calendarTimeZone(calendar), `${where}.timeZone`);
  if (calendar.kind === "24x7") return calendar;
  const fail = (path: string, message: string): never => {
    throw new DomainError("INVALID_CALENDAR", `${where}.${path}: ${message}`, { path: `${where}.${path}` });
  };
  if (calendar.weekdays.length === 0) fail("weekdays", "no weekday is served; list at least one, e.g. Mon");
  const seen = new Set<string>();
  for (const d of calendar.weekdays) {
    if (!(WEEKDAYS as readonly string[]).includes(d)) fail("weekdays", `${JSON.stringify(d)} is not one of Mon…Sun`);
    if (seen.has(d)) fail("weekdays", `${d} is listed twice`);
    seen.add(d);
  }
  if (parseTimeOfDay(calendar.from, `${where}.from`) >= parseTimeOfDay(calendar.to, `${where}.to`)) {
    fail(
      "to",
      `service ends at ${calendar.to}, not after it starts at ${calendar.from}; windows cannot cross midnight`,
    );
  }
  calendar.bankHolidays.forEach((d, i) => {
    if (!isCalendarDate(d)) fail(`bankHolidays[${i}]`, `${JSON.stringify(d)} is not a date YYYY-MM-DD`);
  });
  return calendar;
}

/**
 * The agreed service time of a calendar between two local dates, as instants. Local times are
 * turned into instants on each day, so a 24x7 day is 23 hours on the day the clocks go forward and
 * 25 hours on the day they go back, while 08:00–18:00 is 10 hours on both.
 *
 * @param calendar - the calendar
 * @param from - first local date, inclusive
 * @param to - local date after the last, exclusive
 * @returns sorted, disjoint intervals
 * @throws DomainError `INVALID_CALENDAR`, `INVALID_TIME`, `NONEXISTENT_LOCAL_TIME` (a window
 *   boundary in a skipped hour)
 */
export function calendarIntervals(calendar: ServiceCalendar, from: CalendarDate, to: CalendarDate): TimeInterval[] {
  checkCalendar(calendar);
  const zone = calendarTimeZone(calendar);
  if (to <= from) return [];
  switch (calendar.kind) {
    case "24x7":
      return [{ start: startOfLocalDay(from, zone), end: startOfLocalDay(to, zone) }];
    case "working-hours": {
      const open = parseTimeOfDay(calendar.from);
      const close = parseTimeOfDay(calendar.to);
      const days = new Set(calendar.weekdays.map((d) => WEEKDAYS.indexOf(d)));
      const holidays = new Set(calendar.bankHolidays.map((d) => toEpochDay(d)));
      const out: TimeInterval[] = [];
      const last = toEpochDay(to);
      for (let day = toEpochDay(from); day < last; day++) {
        if (!days.has(weekdayIndex(day)) || holidays.has(day)) continue;
        out.push({
          start: localDayToInstant(day, open, zone, WINDOW),
          end: localDayToInstant(day, close, zone, WINDOW),
        });
      }
      return out;
    }
    default:
      return unreachable(calendar);
  }
}

/**
 * The agreed service time of a calendar within a financial period (`[start, end)` in local dates).
 *
 * @param calendar - the calendar
 * @param period - a period or its name, e.g. `2024/25-Q1`
 * @returns sorted, disjoint intervals
 * @throws DomainError `INVALID_PERIOD`, `INVALID_CALENDAR`, `INVALID_TIME`
 * @example
 * const q3 = agreedServiceIntervals(
 *   { kind: "working-hours", weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri"], from: "08:00", to: "18:00",
 *     timeZone: "Europe/London", bankHolidays: [] }, "2024/25-Q3");
 */
export function agreedServiceIntervals(calendar: ServiceCalendar, period: FinancialPeriod | string): TimeInterval[] {
  const p = typeof period === "string" ? parsePeriod(period) : period;
  return calendarIntervals(calendar, p.start, p.end);
}

/**
 * A financial period as instants: the start of its first local day to the start of the day after it.
 *
 * @param period - a period or its name
 * @param zone - the zone of the midnights (default Europe/London)
 * @returns the interval
 * @throws DomainError `INVALID_PERIOD`, `INVALID_TIME`
 */
export function periodInterval(period: FinancialPeriod | string, zone: string = DEFAULT_TIME_ZONE): TimeInterval {
  const p = typeof period === "string" ? parsePeriod(period) : period;
  return { start: startOfLocalDay(p.start, zone), end: startOfLocalDay(p.end, zone) };
}
