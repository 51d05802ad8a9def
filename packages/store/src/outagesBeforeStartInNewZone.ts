import { DEFAULT_TIME_ZONE } from "@3c/domain";
import { startOf } from "./pools.js";
import { localDate, type ZoneAt, zonesOf } from "./rowsBeforeStart.js";
import type { RowIssue } from "./StoreError.js";
import type { StoredSections } from "./sections.js";
import type { Service } from "./structure.js";

type Loose = Readonly<Record<string, unknown>>;

/**
 * The stored outages a calendars write would date before their service's start: for each service
 * whose days the write moves to another zone at an outage's start (its calendar's `timeZone`
 * changed, a change of hours in another zone from a date before the outage, or the service moved
 * to a calendar of another zone), each stored outage of it that begins, on the date in the new
 * zone, before the service takes part. An outage written was checked in the zone of its day
 * ({@link rowsBeforeStart}); this re-checks it when that zone changes, as the domain would count
 * its downtime in the new zone's days, before the service took part.
 *
 * @param before - the stored sections (their `calendars`: the zones the outages were checked in)
 * @param document - the scenario document with the calendars as written and the stored outages
 * @param services - the partnership's services, with their starts
 * @returns one issue per outage, at `outages[i].start`, naming the outage, its date and the zone
 */
export function outagesBeforeStartInNewZone(
  before: StoredSections,
  document: Loose,
  services: readonly Service[],
): RowIssue[] {
  const was = zonesOf(before.calendars);
  const now = zonesOf(document.calendars);
  // The zone of a service's day at an outage's start, before and after the write: a change of
  // hours from a date may move only the outages from then on.
  const zone = (zones: Map<unknown, ZoneAt>, id: unknown, at: string | undefined) =>
    zones.get(id)?.(at) ?? DEFAULT_TIME_ZONE;
  const known = new Set(services.map((s) => s.id));
  const issues: RowIssue[] = [];
  (Array.isArray(document.outages) ? (document.outages as unknown[]) : []).forEach((entry, i) => {
    if (typeof entry !== "object" || entry === null) return;
    const o = entry as Loose;
    const start = typeof o.start === "string" ? o.start : undefined;
    for (const id of Array.isArray(o.services) ? (o.services as unknown[]) : []) {
      if (typeof id !== "string" || !known.has(id)) continue;
      const moved = zone(now, id, start);
      if (zone(was, id, start) === moved) continue;
      const from = startOf(services, id, undefined);
      const day = localDate(start, moved);
      if (from === undefined || day === undefined || day >= from.start) continue;
      issues.push({
        field: `outages[${i}].start`,
        message: `outage ${JSON.stringify(o.id)} begins on ${day} in ${moved}, the zone of ${id}'s calendar as written, before ${from.what} takes part from ${from.start}: correct the outage first`,
      });
      break;
    }
  });
  return issues;
}
