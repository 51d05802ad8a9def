import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SECTION_SHEETS, type SectionSheet, type SheetRow, sectionItem, sectionRow } from "./sectionSheets.js";

/** What a spreadsheet does to a row: trims each cell and drops empty ones. */
function throughCells(row: Record<string, string>, headers: readonly string[]): SheetRow {
  const cells: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) if (v.trim() !== "") cells[k] = v.trim();
  return { cells, row: 2, columns: new Map(headers.map((h, i) => [h, i + 1])) };
}

const sheet = (path: string): SectionSheet => {
  const found = SECTION_SHEETS.find((s) => s.path === path);
  if (found === undefined) throw new Error(`no sheet for ${path}`);
  return found;
};
const noProblem = () => {
  throw new Error("no problem expected");
};

describe("the section sheets' row layout", () => {
  it("keeps any item's fields through a row and back, whatever they hold", () => {
    for (const s of SECTION_SHEETS) {
      const headers = s.columns.map((c) => c.header);
      const key = fc.oneof(fc.constantFrom(...headers.filter((h) => h !== "other")), fc.string({ maxLength: 6 }));
      fc.assert(
        fc.property(fc.dictionary(key, fc.jsonValue({ maxDepth: 2 })), (raw) => {
          const item = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
          for (const f of s.omit ?? []) delete item[f];
          const back = sectionItem(s, throughCells(sectionRow(item, s), headers), noProblem);
          expect(back).toEqual(item);
        }),
        { numRuns: 1000 },
      );
    }
  });

  it("lays an outage out in its columns: lists comma-separated, users as PARTNER=USERS pairs, booleans as JSON", () => {
    const outage = {
      id: "O1",
      start: "2024-05-14T14:00:00+01:00",
      services: ["ICT", "LEGAL"],
      systems: ["Email"],
      partners: [
        { partner: "CCC", users: 1280 },
        { partner: "HDC", users: 890 },
      ],
      planned: false,
      priority: "P1",
      resolvedAt: "2024-05-14T15:00:00+01:00",
    };
    const row = sectionRow(outage, sheet("outages"));
    expect(row).toEqual({
      id: "O1",
      start: "2024-05-14T14:00:00+01:00",
      services: "ICT, LEGAL",
      systems: "Email",
      partners: "CCC=1280; HDC=890",
      planned: "false",
      priority: "P1",
      other: '{"resolvedAt":"2024-05-14T15:00:00+01:00"}',
    });
    const headers = sheet("outages").columns.map((c) => c.header);
    expect(sectionItem(sheet("outages"), throughCells(row, headers), noProblem)).toEqual(outage);
  });

  it("lays a calendar's changes of hours out in their own column as JSON, and reads them back", () => {
    const hours = { kind: "working-hours", weekdays: ["Mon", "Fri"], from: "08:00", timeZone: "Europe/London" };
    const changes = [{ effectiveFrom: "2026-04-01", ...hours, to: "17:00", bankHolidays: [] }];
    const calendar = { id: "desk", ...hours, to: "18:00", bankHolidays: ["2025-12-25"], services: ["ICT"], changes };
    const row = sectionRow(calendar, sheet("calendars"));
    expect(row.changes).toBe(JSON.stringify(changes));
    expect(row.other).toBeUndefined();
    const headers = sheet("calendars").columns.map((c) => c.header);
    expect(sectionItem(sheet("calendars"), throughCells(row, headers), noProblem)).toEqual(calendar);
  });

  it("writes an empty list as [] in its column, so a calendar serving no service reads back as one", () => {
    const calendar = { id: "office", kind: "24x7", services: [] };
    const row = sectionRow(calendar, sheet("calendars"));
    expect(row.services).toBe("[]");
    expect(row.other).toBeUndefined();
    const headers = sheet("calendars").columns.map((c) => c.header);
    expect(sectionItem(sheet("calendars"), throughCells(row, headers), noProblem)).toEqual(calendar);
    // A blank cell is a field not given, not an empty list.
    expect(sectionItem(sheet("calendars"), throughCells({ ...row, services: "" }, headers), noProblem)).toEqual({
      id: "office",
      kind: "24x7",
    });
  });

  it("puts a KPI target's code in the kpi column and leaves it out of the target read back", () => {
    const targets = sheet("kpis[].targets");
    const row = sectionRow({ year: "2024/25", value: "95" }, targets, { kpi: "ICT-KPI-1" });
    expect(row).toEqual({ kpi: "ICT-KPI-1", year: "2024/25", value: "95" });
    const read = { cells: row, row: 2, columns: new Map([["kpi", 1]]) };
    expect(sectionItem(targets, read, noProblem, ["kpi"])).toEqual({ year: "2024/25", value: "95" });
  });

  it("reports a cell it cannot read with its sheet, row and column, and reads the rest", () => {
    const problems: string[] = [];
    const read = {
      cells: { id: "O1", partners: "CCC=many; HDC", planned: "{nope" },
      row: 7,
      columns: new Map<string, number>(),
    };
    const item = sectionItem(sheet("outages"), read, (name, r, header, message) =>
      problems.push(`${name} ${r.row} ${header}: ${message}`),
    );
    expect(item).toEqual({ id: "O1", partners: [] });
    expect(problems).toEqual([
      expect.stringMatching(/^outages 7 planned: not valid JSON/),
      "outages 7 partners: many is not a whole number of users",
      'outages 7 partners: "HDC" is not partner=users; expected e.g. CCC=1280; HDC=890',
    ]);
  });
});
