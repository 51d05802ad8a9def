import { DomainError } from "../errors/index.js";
import { dateOf, toEpochDay } from "../period/index.js";

/** The zone of every English council, and the default zone of a 24x7 calendar and of incident periods. */
export const DEFAULT_TIME_ZONE = "Europe/London";

/** Seconds in a civil day (no leap seconds: instants are POSIX seconds). */
export const SECONDS_PER_DAY = 86_400;

const UTC_NAMES = new Set(["UTC", "Etc/UTC", "Etc/GMT", "GMT"]);

/** First year of the EU summer-time rule that Europe/London follows (last Sundays, 01:00 UTC). */
const LONDON_RULE_FROM = 1996;

/**
 * Day of the week of an epoch day (1970-01-01 was a Thursday).
 *
 * @param epochDay - days since 1970-01-01
 * @returns 0 = Monday … 6 = Sunday
 */
export function weekdayIndex(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

function lastSunday(year: number, month: number): number {
  const last = toEpochDay(dateOf(year, month, 31));
  return last - ((weekdayIndex(last) + 1) % 7);
}

/** The year of an epoch day (civil-from-days, year only). */
function yearOf(epochDay: number): number {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

// Summer-time bounds by year, worked out once each. Pure: the cache changes no result.
const londonYears = new Map<number, readonly [number, number]>();

function londonOffset(instant: number): number {
  const year = yearOf(Math.floor(instant / SECONDS_PER_DAY));
  let bounds = londonYears.get(year);
  if (bounds === undefined) {
    if (year < LONDON_RULE_FROM) {
      throw new DomainError(
        "INVALID_TIME",
        `Europe/London offsets are built in from ${LONDON_RULE_FROM} (the EU summer-time rule); ${year} is earlier`,
      );
    }
    // British Summer Time: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
    bounds = [lastSunday(year, 3) * SECONDS_PER_DAY + 3600, lastSunday(year, 10) * SECONDS_PER_DAY + 3600];
    londonYears.set(year, bounds);
  }
  return instant >= bounds[0] && instant < bounds[1] ? 3600 : 0;
}

// Formatters are costly to build; one per zone is kept. Pure: the cache changes no result.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-GB", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch (error) {
      throw new DomainError(
        "INVALID_TIME",
        `${JSON.stringify(zone)} is not a time zone this runtime knows; expected an IANA name such as Europe/London`,
        { cause: error },
      );
    }
    formatters.set(zone, f);
  }
  return f;
}

/**
 * The offset of an IANA zone at an instant from the runtime's time-zone data (`Intl`). Used for
 * zones other than UTC and Europe/London; exported so tests can check the built-in London rule
 * against it.
 *
 * @param zone - IANA zone name
 * @param instant - POSIX seconds
 * @returns local time minus UTC, in seconds
 * @throws DomainError `INVALID_TIME` for a zone the runtime does not know
 */
export function intlOffsetSeconds(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(instant * 1000))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const day = toEpochDay(dateOf(parts.year ?? 0, parts.month ?? 0, parts.day ?? 0));
  const local =
    day * SECONDS_PER_DAY + ((parts.hour ?? 0) % 24) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0);
  return local - instant;
}

/**
 * The offset from UTC of a time zone at an instant.
 *
 * UTC and Europe/London are built in, so reports on English councils give the same figures on
 * every runtime whatever its time-zone data; any other IANA zone is read from the runtime (`Intl`).
 *
 * @param zone - `Europe/London`, `UTC` or another IANA zone name
 * @param instant - POSIX seconds
 * @returns local time minus UTC, in seconds (3600 during British Summer Time)
 * @throws DomainError `INVALID_TIME` for an unknown zone, or a Europe/London instant before 1996
 * @example offsetSeconds("Europe/London", parseInstant("2024-07-01T12:00:00Z")) // 3600
 */
export function offsetSeconds(zone: string, instant: number): number {
  if (zone === DEFAULT_TIME_ZONE) return londonOffset(instant);
  if (UTC_NAMES.has(zone)) return 0;
  return intlOffsetSeconds(zone, instant);
}

/**
 * Checks that a time zone is usable.
 *
 * @param zone - the name
 * @param where - field path for the error
 * @returns the name
 * @throws DomainError `INVALID_TIME` when the runtime does not know the zone
 */
export function checkTimeZone(zone: string, where = "timeZone"): string {
  if (zone === DEFAULT_TIME_ZONE || UTC_NAMES.has(zone)) return zone;
  try {
    formatterFor(zone);
  } catch (error) {
    throw new DomainError("INVALID_TIME", `${where}: ${(error as Error).message}`, { path: where, cause: error });
  }
  return zone;
}

/**
 * A zone's name as it decides offsets, for comparing two names: Europe/London as it is (built in),
 * `UTC` for every name of UTC (built in, or the runtime's, which is UTC at every instant), and any
 * other name the runtime knows as `Intl` resolves it — so an alias (`Europe/Belfast`, `GB`,
 * `Asia/Kolkata` for `Asia/Calcutta`) or another case (`europe/paris`) is the zone it names, whose
 * offsets the runtime reads from the same data. Such names are marked `intl:`, apart from the
 * built-in London: an alias of London is read from the runtime's data, not the built-in rule (the
 * two agree from 1996, where the rule begins), so it is kept a different name. A name the runtime
 * does not know stays as written (validation refuses it).
 *
 * @param zone - a time zone's name
 * @returns its canonical form: two names with one form give the same offset at every instant
 * @example canonicalTimeZone("Etc/Zulu") // "UTC"; canonicalTimeZone("Europe/Belfast") === canonicalTimeZone("GB")
 */
export function canonicalTimeZone(zone: string): string {
  if (zone === DEFAULT_TIME_ZONE) return zone;
  if (UTC_NAMES.has(zone)) return "UTC";
  let resolved: string;
  try {
    resolved = formatterFor(zone).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
  return UTC_NAMES.has(resolved) ? "UTC" : `intl:${resolved}`;
}
