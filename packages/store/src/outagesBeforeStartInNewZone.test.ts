import { describe, expect, it } from "vitest";
import { outagesBeforeStartInNewZone } from "./outagesBeforeStartInNewZone.js";
import type { StoredSections } from "./sections.js";
import type { Service } from "./structure.js";

const service = (id: string, effectiveFrom?: string): Service => ({
  id,
  name: id,
  lead: "A",
  participants: ["A", "B"],
  pools: [],
  handovers: [],
  ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
  version: 1,
});
const SERVICES = [service("HR", "2024-10-01"), service("ICT")];
const outage = (id: string, start: string, services: string[]) => ({ id, start, services });
/** 23:30 UTC on 30 September: 1 October in UK summer time, 30 September in UTC. */
const EDGE = "2024-09-30T23:30:00Z";
const calendar = (id: string, services: string[], timeZone?: string) => ({
  id,
  kind: "24x7",
  ...(timeZone === undefined ? {} : { timeZone }),
  services,
});
const stored = (calendars: unknown[]) => ({ calendars }) as unknown as StoredSections;
const recheck = (before: unknown[], after: unknown[], outages: unknown[]) =>
  outagesBeforeStartInNewZone(stored(before), { calendars: after, outages }, SERVICES);

describe("outagesBeforeStartInNewZone", () => {
  it("finds a stored outage of a service whose calendar's zone changes so that it begins before the start", () => {
    const outages = [outage("O1", "2024-10-01T12:00:00Z", ["HR"]), outage("O2", EDGE, ["ICT", "HR"])];
    const issues = recheck([calendar("always", ["ICT", "HR"])], [calendar("always", ["ICT", "HR"], "UTC")], outages);
    expect(issues).toEqual([
      {
        field: "outages[1].start",
        message:
          'outage "O2" begins on 2024-09-30 in UTC, the zone of HR\'s calendar as written, before service HR takes part from 2024-10-01: correct the outage first',
      },
    ]);
  });

  it("finds one of a service moved to a calendar of another zone", () => {
    const before = [calendar("uk", ["ICT", "HR"], "Europe/London")];
    const after = [calendar("uk", ["ICT"], "Europe/London"), calendar("utc", ["HR"], "UTC")];
    expect(recheck(before, after, [outage("O1", EDGE, ["HR"])]).map((i) => i.field)).toEqual(["outages[0].start"]);
  });

  it("finds one after a change of hours into another zone, and leaves those before the change", () => {
    const utcFrom = (effectiveFrom: string) => ({
      ...calendar("always", ["HR"]),
      changes: [{ effectiveFrom, kind: "24x7", timeZone: "UTC" }],
    });
    const outages = [outage("O1", EDGE, ["HR"])];
    expect(recheck([calendar("always", ["HR"])], [utcFrom("2024-09-01")], outages).map((i) => i.field)).toEqual([
      "outages[0].start",
    ]);
    // In force from 1 October in UTC: the outage, still 30 September there, keeps the UK hours.
    expect(recheck([calendar("always", ["HR"])], [utcFrom("2024-10-01")], outages)).toEqual([]);
  });

  it("re-checks nothing for a service whose zone stays, even when its calendar changes otherwise", () => {
    // Stored before outages were dated in their calendar's zone: left as they are unless the zone moves.
    const outages = [outage("O1", "2024-09-30T12:00:00Z", ["HR"])];
    expect(recheck([calendar("always", ["HR"])], [calendar("renamed", ["HR"], "Europe/London")], outages)).toEqual([]);
  });

  it("leaves an outage that still begins on or after the start, and a service from the beginning", () => {
    const outages = [outage("O1", "2024-10-01T00:00:00Z", ["HR"]), outage("O2", "2019-01-01T00:00:00Z", ["ICT"])];
    expect(recheck([calendar("always", ["ICT", "HR"])], [calendar("always", ["ICT", "HR"], "UTC")], outages)).toEqual(
      [],
    );
  });
});
