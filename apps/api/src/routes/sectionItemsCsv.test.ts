import { sectionRow } from "@3c/domain";
import { SECTION_ITEM_KIND_NAMES, sectionItemKind } from "@3c/store";
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvItems } from "./sectionItemsCsv.js";

describe("a CSV import of section items", () => {
  it("reads back any item written as a row of its kind's sheet, through real CSV text", () => {
    for (const kind of SECTION_ITEM_KIND_NAMES) {
      const { sheet } = sectionItemKind(kind);
      const headers = sheet.columns.map((c) => c.header);
      const fieldNames = headers.filter((h) => h !== "other" && h !== "kpi");
      const key = fc.oneof(
        fc.constantFrom(...fieldNames),
        fc.string({ maxLength: 6 }).filter((k) => k !== "kpi"),
      );
      fc.assert(
        fc.property(fc.array(fc.dictionary(key, fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 }), (raw) => {
          const items = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>[];
          for (const item of items) for (const f of sheet.omit ?? []) delete item[f];
          const extra = kind === "kpi-targets" ? { kpi: "ICT-KPI-1" } : undefined;
          const rows = items.map((item) => sectionRow(item, sheet, extra));
          const text = Papa.unparse({ fields: headers, data: rows.map((r) => headers.map((h) => r[h] ?? "")) });
          const read = csvItems(text, kind);
          expect(read.rejected).toEqual([]);
          expect(read.items).toEqual(items.map((item) => (extra === undefined ? item : { ...extra, ...item })));
        }),
        { numRuns: 1000 },
      );
    }
  });

  it("reports unreadable cells by row and column beside rows that do not parse", () => {
    const text = "id,start,partners\nO1,2024-07-01T09:00:00Z,A=1\nO2,2024-07-02T09:00:00Z,A=many\nO3\n";
    const read = csvItems(text, "outages");
    expect(read.items[0]).toEqual({ id: "O1", start: "2024-07-01T09:00:00Z", partners: [{ partner: "A", users: 1 }] });
    expect(read.rejected).toEqual([
      { index: 2, field: "", message: "Too few fields: expected 3 fields but parsed 1" },
      { index: 1, field: "partners", message: "many is not a whole number of users" },
    ]);
  });
});
