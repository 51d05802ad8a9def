import { DomainError } from "../errors/index.js";
import { fromEpochDay, isCalendarDate, toEpochDay } from "../period/index.js";
import { offsetSeconds, SECONDS_PER_DAY } from "./timeZone.js";

/**
 * An instant as POSIX seconds (whole seconds since 1970-01-01T00:00:00Z). Durations in this
 * subdomain are exact integer seconds: instants are written to the second, so nothing is rounded.
 */
export type EpochSeconds = number;

const INSTANT_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads an ISO 8601 instant that carries its offset: `2024-10-27T00:30:00+01:00` or
 * `2024-10-27T00:30Z`. Local times without an offset are refused, because in the repeated autumn
 * hour they name two instants; use {@link localTimeToInstant} for those.
 *
 * @param text - the instant, to the second (no fractions)
 * @param where - field path for the error message
 * @returns POSIX seconds
 * @throws DomainError `INVALID_TIME` for anything else
 * @example parseInstant("2024-10-27T01:30:00+01:00") === parseInstant("2024-10-27T00:30:00Z") // true
 */
export function parseInstant(text: string, where = "instant"): EpochSeconds {
  const m = INSTANT_PATTERN.exec(text);
  const bad = (why: string): never => {
    throw new DomainError("INVALID_TIME", `${where}: ${JSON.stringify(text)} ${why}`, { path: where });
  };
  if (m === null) {
    if (/T\d{2}:\d{2}(:\d{2})?\.\d+/.test(text)) return bad("has fractions of a second; give whole seconds");
    if (/T\d{2}:\d{2}(:\d{2})?$/.test(text)) {
      return bad("has no offset; add Z or an offset such as +01:00 (or convert a local time first)");
    }
    return bad("is not an ISO 8601 instant; expected e.g. 2024-10-27T00:30:00+01:00 or 2024-10-27T00:30:00Z");
  }
  const [, date = "", hh = "", mm = "", ss = "00", zone = "Z"] = m;
  if (!isCalendarDate(date)) return bad("has no such calendar date");
  const h = Number(hh);
  const min = Number(mm);
  const s = Number(ss);
  if (h > 23 || min > 59 || s > 59) return bad("has no such time of day");
  let offset = 0;
  if (zone !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return bad("has no such offset");
    offset = (zone.startsWith("-") ? -1 : 1) * (oh * 3600 + om * 60);
  }
  return toEpochDay(date) * SECONDS_PER_DAY + h * 3600 + min * 60 + s - offset;
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * Writes an instant as ISO 8601 local time in a zone, with its offset.
 *
 * @param instant - POSIX seconds
 * @param zone - the zone to show it in (default UTC, written with `Z`)
 * @returns e.g. `2024-10-27T01:30:00+01:00`
 * @throws DomainError `INVALID_TIME` for an unknown zone
 * @example formatInstant(parseInstant("2024-10-27T00:30:00Z"), "Europe/London") // "2024-10-27T01:30:00+01:00"
 */
export function formatInstant(instant: EpochSeconds, zone = "UTC"): string {
  const offset = zone === "UTC" ? 0 : offsetSeconds(zone, instant);
  const local = instant + offset;
  const day = Math.floor(local / SECONDS_PER_DAY);
  const tod = local - day * SECONDS_PER_DAY;
  const abs = Math.abs(offset);
  const suffix =
    zone === "UTC" ? "Z" : `${offset < 0 ? "-" : "+"}${two(Math.floor(abs / 3600))}:${two(Math.floor(abs / 60) % 60)}`;
  return `${fromEpochDay(day)}T${two(Math.floor(tod / 3600))}:${two(Math.floor(tod / 60) % 60)}:${two(tod % 60)}${suffix}`;
}
