import { describe, expect, it } from "vitest";
import { rowsBeforeStart } from "./rowsBeforeStart.js";
import type { Service } from "./structure.js";

const HR: Service = {
  id: "HR",
  name: "HR",
  lead: "A",
  participants: ["A", "B"],
  pools: [{ id: "payroll", name: "Payroll", effectiveFrom: "2024-10-01" }],
  handovers: [],
  effectiveFrom: "2024-10-01",
  version: 1,
};
const outage = (start: string) => ({ id: "O1", start, services: ["HR"], systems: [], partners: [] });
const fields = (document: Record<string, unknown>) => rowsBeforeStart("outages", document, [HR]).map((i) => i.field);

describe("rowsBeforeStart for outages", () => {
  it("reads an outage's start as a UK date: 23:30 UTC on 30 September is 1 October in summer time", () => {
    expect(fields({ outages: [outage("2024-09-30T23:30:00Z"), outage("2024-09-30T22:59:59Z")] })).toEqual([
      "outages[1].start",
    ]);
  });

  it("reads it in the zone of the calendar that serves the service, when that is not UK time", () => {
    const calendars = [{ id: "utc", kind: "24x7", timeZone: "UTC", services: ["HR"] }];
    expect(fields({ calendars, outages: [outage("2024-09-30T23:30:00Z"), outage("2024-10-01T00:00:00Z")] })).toEqual([
      "outages[0].start",
    ]);
  });
});
