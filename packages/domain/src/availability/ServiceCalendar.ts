import { DomainError, unreachable } from "../errors/index.js";
import {
  addDays,
  type CalendarDate,
  type FinancialPeriod,
  isCalendarDate,
  parsePeriod,
  toEpochDay,
} from "../period/index.js";
import { localDateOf, localDayToInstant, parseTimeOfDay, startOfLocalDay } from "./localTime.js";

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

/** One set of hours: 24x7 or working hours. */
export type CalendarHours = Calendar24x7 | WorkingHoursCalendar;

/** Hours in force from a local date (inclusive) until the next change, e.g. 08:00–17:00 from 2026-04-01. */
export type CalendarChange = CalendarHours & {
  /** The first local date (in the change's own zone) the hours are in force. */
  readonly effectiveFrom: CalendarDate;
};

/**
 * When a service is agreed to be available: 24x7 or working hours, in force from the beginning,
 * then each of `changes` from its date. A calendar without changes has one set of hours for good.
 */
export type ServiceCalendar = CalendarHours & {
  /** Later hours, each in force from its date until the next; dates strictly increasing. */
  readonly changes?: readonly CalendarChange[];
};

/** The hours of a calendar in force over a run of local dates `[from, to)`. */
interface CalendarStretch {
  readonly hours: CalendarHours;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/** The hours alone, without the date or the changes. */
function hoursOf(version: ServiceCalendar | CalendarChange): CalendarHours {
  if (version.kind === "24x7")
    return version.timeZone === undefined ? { kind: "24x7" } : { kind: "24x7", timeZone: version.timeZone };
  const { kind, weekdays, from, to, timeZone, bankHolidays } = version;
  return { kind, weekdays, from, to, timeZone, bankHolidays };
}

/**
 * The hours of a calendar in force on each run of dates within `[from, to)`, in order.
 *
 * @param calendar - the calendar
 * @param from - first local date, inclusive
 * @param to - local date after the last, exclusive
 * @returns the stretches, none empty
 */
function stretches(calendar: ServiceCalendar, from: CalendarDate, to: CalendarDate): CalendarStretch[] {
  const changes = calendar.changes ?? [];
  const out: CalendarStretch[] = [];
  const starts = [undefined, ...changes.map((c) => c.effectiveFrom)];
  starts.forEach((start, i) => {
    const next = changes[i]?.effectiveFrom;
    const a = start === undefined || start < from ? from : start;
    const b = next === undefined || next > to ? to : next;
    if (a < b) out.push({ hours: hoursOf(i === 0 ? calendar : (changes[i - 1] as CalendarChange)), from: a, to: b });
  });
  return out;
}

/**
 * The hours of a calendar in force on a local date.
 *
 * @param calendar - the calendar
 * @param date - the local date
 * @returns the last change from that date or before, else the calendar's first hours (without changes)
 * @example calendarOn(deskHours, "2026-04-01") // the hours from 1 April 2026, e.g. 08:00–17:00
 */
export function calendarOn(calendar: ServiceCalendar, date: CalendarDate): CalendarHours {
  const change = [...(calendar.changes ?? [])].reverse().find((c) => c.effectiveFrom <= date);
  return hoursOf(change ?? calendar);
}

/**
 * The zone a calendar's local times and days are in.
 *
 * @param calendar - the calendar
 * @param date - the local date asked about; default the calendar's first hours
 * @returns its zone then (Europe/London for a 24x7 calendar that names none)
 */
export function calendarTimeZone(calendar: ServiceCalendar, date?: CalendarDate): string {
  const hours = date === undefined ? calendar : calendarOn(calendar, date);
  return hours.timeZone ?? DEFAULT_TIME_ZONE;
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
  checkHours(calendar, where);
  let last: CalendarDate | undefined;
  (calendar.changes ?? []).forEach((change, k) => {
    const at = `${where}.changes[${k}]`;
    const fail = (message: string): never => {
      throw new DomainError("INVALID_CALENDAR", `${at}.effectiveFrom: ${message}`, { path: `${at}.effectiveFrom` });
    };
    if (!isCalendarDate(change.effectiveFrom)) fail(`${JSON.stringify(change.effectiveFrom)} is not a date YYYY-MM-DD`);
    if (last !== undefined && change.effectiveFrom <= last) {
      fail(
        `${change.effectiveFrom} is not later than ${last}, the change before it; list changes in date order, one a day`,
      );
    }
    last = change.effectiveFrom;
    checkHours(change, at);
  });
  return calendar;
}

function checkHours(calendar: CalendarHours, where: string): void {
  checkTimeZone(calendar.timeZone ?? DEFAULT_TIME_ZONE, `${where}.timeZone`);
  if (calendar.kind === "24x7") return;
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
}

/**
 * The agreed service time of a calendar between two local dates, as instants. Local times are
 * turned into instants on each day, so a 24x7 day is 23 hours on the day the clocks go forward and
 * 25 hours on the day they go back, while 08:00–18:00 is 10 hours on both. Each date takes the
 * hours in force on it (see {@link calendarOn}); where a change moves to another zone, the earlier
 * hours keep the instants both claim, so the intervals stay disjoint.
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
  if (to <= from) return [];
  if (calendar.changes === undefined) return hoursIntervals(calendar, from, to);
  const out: TimeInterval[] = [];
  let floor = Number.NEGATIVE_INFINITY;
  for (const stretch of stretches(calendar, from, to)) {
    for (const i of hoursIntervals(stretch.hours, stretch.from, stretch.to)) {
      const start = Math.max(i.start, floor);
      if (i.end > start) out.push({ start, end: i.end });
    }
    floor = Math.max(floor, startOfLocalDay(stretch.to, stretch.hours.timeZone ?? DEFAULT_TIME_ZONE));
  }
  return out;
}

/**
 * The agreed service time of a calendar around two instants: every day of the hours in force that
 * touches them, so that intersecting with `[start, end)` gives the service time between them.
 *
 * @param calendar - the calendar
 * @param start - the first instant
 * @param end - the last instant
 * @returns sorted, disjoint intervals covering at least `[start, end)`'s service time
 * @throws DomainError as {@link calendarIntervals}
 */
export function calendarIntervalsAround(calendar: ServiceCalendar, start: number, end: number): TimeInterval[] {
  const zone = calendarTimeZone(calendar);
  // With changes, a day may be in another zone than the first hours': a day more on each side.
  const pad = calendar.changes === undefined || calendar.changes.length === 0 ? 0 : 1;
  return calendarIntervals(calendar, addDays(localDateOf(start, zone), -pad), addDays(localDateOf(end, zone), 1 + pad));
}

/**
 * A run of local dates `[from, to)` of a calendar as instants: from the start of its first day in
 * the zone in force then to the start of the day after its last, in the zone in force on the last.
 *
 * @param calendar - the calendar
 * @param from - first local date, inclusive
 * @param to - local date after the last, exclusive
 * @returns the interval
 * @throws DomainError `INVALID_TIME`
 */
export function calendarSpan(calendar: ServiceCalendar, from: CalendarDate, to: CalendarDate): TimeInterval {
  return {
    start: startOfLocalDay(from, calendarTimeZone(calendar, from)),
    end: startOfLocalDay(to, calendarTimeZone(calendar, addDays(to, -1))),
  };
}

function hoursIntervals(calendar: CalendarHours, from: CalendarDate, to: CalendarDate): TimeInterval[] {
  const zone = calendar.timeZone ?? DEFAULT_TIME_ZONE;
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
