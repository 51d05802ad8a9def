import { DomainError } from "../errors/index.js";
import { type CalendarDate, fromEpochDay, isCalendarDate, toEpochDay } from "../period/index.js";
import type { EpochSeconds } from "./instant.js";
import { offsetSeconds, SECONDS_PER_DAY } from "./timeZone.js";

/**
 * Which instant a wall-clock time names in the repeated autumn hour (01:00–02:00 on the last
 * Sunday of October in London happens twice): the `earlier` (still summer time, the default) or
 * the `later` (back on GMT); `reject` makes it an error.
 */
export type RepeatedHour = "earlier" | "later" | "reject";

/** Options for {@link localToInstant} and {@link localTimeToInstant}. */
export interface LocalTimeOptions {
  /** How to read a time in the repeated autumn hour (default `earlier`). */
  readonly repeatedHour?: RepeatedHour;
  /** Field path for error messages. */
  readonly where?: string;
}

const TIME_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Reads a time of day `HH:MM` or `HH:MM:SS` as seconds after midnight. `24:00` is the end of the
 * day, so a window can run to midnight.
 *
 * @param text - e.g. `"08:00"`, `"17:30"`, `"24:00"`
 * @param where - field path for the error
 * @returns 0 to 86,400
 * @throws DomainError `INVALID_TIME`
 */
export function parseTimeOfDay(text: string, where = "time"): number {
  const m = TIME_PATTERN.exec(text);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  const s = Number(m?.[3] ?? "0");
  const seconds = h * 3600 + min * 60 + s;
  if (m === null || h > 24 || min > 59 || s > 59 || seconds > SECONDS_PER_DAY) {
    throw new DomainError(
      "INVALID_TIME",
      `${where}: ${JSON.stringify(text)} is not a time of day; expected HH:MM from 00:00 to 24:00`,
      {
        path: where,
      },
    );
  }
  return seconds;
}

/**
 * The instant at which a local date and time of day occur in a zone.
 *
 * Clock changes: a time in the skipped spring hour (01:00–02:00 on the last Sunday of March in
 * London) never happens and is an error; a time in the repeated autumn hour happens twice and
 * `repeatedHour` picks one (default the earlier, the first time the clock shows it, as RFC 5545
 * and Temporal's "compatible" do).
 *
 * @param date - the local date
 * @param secondsOfDay - seconds after local midnight (86,400 is the next midnight)
 * @param zone - IANA zone name
 * @param options - how to read the repeated hour; a path for errors
 * @returns POSIX seconds
 * @throws DomainError `NONEXISTENT_LOCAL_TIME` in the skipped hour, `INVALID_TIME` in the repeated
 *   hour under `reject` or for an unknown zone
 */
export function localToInstant(
  date: CalendarDate,
  secondsOfDay: number,
  zone: string,
  options: LocalTimeOptions = {},
): EpochSeconds {
  return localDayToInstant(toEpochDay(date), secondsOfDay, zone, options);
}

/**
 * {@link localToInstant} for a date given as days since 1970-01-01 (the calendar's inner loop).
 *
 * @param epochDay - the local date as an epoch day
 * @param secondsOfDay - seconds after local midnight
 * @param zone - IANA zone name
 * @param options - how to read the repeated hour; a path for errors
 * @returns POSIX seconds
 * @throws DomainError `NONEXISTENT_LOCAL_TIME`, `INVALID_TIME`
 */
export function localDayToInstant(
  epochDay: number,
  secondsOfDay: number,
  zone: string,
  options: LocalTimeOptions = {},
): EpochSeconds {
  const local = epochDay * SECONDS_PER_DAY + secondsOfDay;
  // Offsets a day either side bracket any single clock change; a candidate is real when the zone
  // has that offset at the instant it gives.
  const offsets = new Set([offsetSeconds(zone, local - SECONDS_PER_DAY), offsetSeconds(zone, local + SECONDS_PER_DAY)]);
  const found: number[] = [];
  for (const o of offsets) if (offsetSeconds(zone, local - o) === o) found.push(local - o);
  found.sort((a, b) => a - b);
  const where = options.where ?? "local time";
  const [first, second] = found;
  const shown = () => `${fromEpochDay(Math.floor(local / SECONDS_PER_DAY))} ${clock(local % SECONDS_PER_DAY)}`;
  if (first === undefined) {
    throw new DomainError(
      "NONEXISTENT_LOCAL_TIME",
      `${where}: ${shown()} does not exist in ${zone}: the clocks went forward over it`,
      { path: where },
    );
  }
  if (second === undefined) return first;
  const rule = options.repeatedHour ?? "earlier";
  if (rule === "reject") {
    throw new DomainError(
      "INVALID_TIME",
      `${where}: ${shown()} happens twice in ${zone} (the clocks went back); give the offset to say which`,
      { path: where },
    );
  }
  return rule === "earlier" ? first : second;
}

/**
 * The first instant of a local day in a zone. Usually local midnight; where the clocks go forward
 * at midnight (some zones do), the day begins at the change, when the clock jumps to 01:00.
 *
 * @param date - the local date
 * @param zone - IANA zone name
 * @returns POSIX seconds
 * @throws DomainError `INVALID_TIME` for an unknown zone
 */
export function startOfLocalDay(date: CalendarDate, zone: string): EpochSeconds {
  const local = toEpochDay(date) * SECONDS_PER_DAY;
  const candidates = [offsetSeconds(zone, local - SECONDS_PER_DAY), offsetSeconds(zone, local + SECONDS_PER_DAY)].map(
    (o) => local - o,
  );
  const real = candidates.filter((t) => local - offsetSeconds(zone, t) === t);
  // Midnight in a gap: the later candidate is local − (offset before the change), the change itself.
  return real.length > 0 ? Math.min(...real) : Math.max(...candidates);
}

function clock(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

const LOCAL_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)$/;

/**
 * Turns a wall-clock time in a named zone into an instant: what a service desk log without
 * offsets records. See {@link localToInstant} for the clock changes.
 *
 * @param text - local date and time, `2024-10-27T01:30` or `2024-10-27T01:30:00`
 * @param zone - IANA zone name, e.g. `Europe/London`
 * @param options - how to read the repeated autumn hour (default the earlier)
 * @returns POSIX seconds
 * @throws DomainError `INVALID_TIME`, `NONEXISTENT_LOCAL_TIME`
 * @example
 * localTimeToInstant("2024-10-27T01:30", "Europe/London") // 2024-10-27T00:30:00Z (BST)
 * localTimeToInstant("2024-10-27T01:30", "Europe/London", { repeatedHour: "later" }) // 01:30:00Z (GMT)
 * localTimeToInstant("2024-03-31T01:30", "Europe/London") // throws NONEXISTENT_LOCAL_TIME
 */
export function localTimeToInstant(text: string, zone: string, options: LocalTimeOptions = {}): EpochSeconds {
  const where = options.where ?? "local time";
  const m = LOCAL_PATTERN.exec(text);
  if (m === null || !isCalendarDate(m[1])) {
    throw new DomainError(
      "INVALID_TIME",
      `${where}: ${JSON.stringify(text)} is not a local date and time; expected e.g. 2024-10-27T01:30`,
      { path: where },
    );
  }
  const seconds = parseTimeOfDay(m[2] ?? "", where);
  if (seconds === SECONDS_PER_DAY) {
    throw new DomainError("INVALID_TIME", `${where}: write ${JSON.stringify(text)} as 00:00 on the next day`, {
      path: where,
    });
  }
  return localToInstant(m[1], seconds, zone, options);
}

/**
 * The local date on which an instant falls in a zone.
 *
 * @param instant - POSIX seconds
 * @param zone - IANA zone name
 * @returns the date
 * @throws DomainError `INVALID_TIME` for an unknown zone
 */
export function localDateOf(instant: EpochSeconds, zone: string): CalendarDate {
  return fromEpochDay(Math.floor((instant + offsetSeconds(zone, instant)) / SECONDS_PER_DAY));
}
