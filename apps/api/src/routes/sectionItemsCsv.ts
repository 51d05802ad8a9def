import { sectionItem } from "@3c/domain";
import { type RowIssue, type SectionItemKindName, sectionItemKind } from "@3c/store";
import { csvRows } from "./csvRows.js";

/**
 * A CSV import of section items read in the kind's sheet layout (the workbook's, `SECTION_SHEETS`):
 * each data row's cells decoded by their columns' kinds (lists, `KEY=VALUE` pairs, JSON, `other`);
 * a KPI target keeps its `kpi` column as a field. Rows that do not parse and cells that cannot be
 * read come back as rejected, by item index and column, so every bad row is reported at once.
 *
 * @param text - the CSV text, with its header row
 * @param kind - the kind of item
 * @returns the items, one a data row in file order (item i is CSV record i + 2), and the rejected
 * @throws ApiProblem `VALIDATION_FAILED` for an empty CSV or a header with unknown or repeated columns
 * @example
 * csvItems("id,kind,services\nC1,24x7,\"ICT, HR\"\n", "calendars");
 * // { items: [{ id: "C1", kind: "24x7", services: ["ICT", "HR"] }], rejected: [] }
 */
export function csvItems(text: string, kind: SectionItemKindName): { items: unknown[]; rejected: RowIssue[] } {
  const { sheet } = sectionItemKind(kind);
  const headers = sheet.columns.map((c) => c.header);
  const { items: rows, rejected } = csvRows(text, headers);
  const bad = new Set(rejected.map((r) => r.index));
  const columns = new Map(headers.map((h, i) => [h, i + 1]));
  const problems: RowIssue[] = [...rejected];
  const skip = kind === "kpi-targets" ? ["kpi"] : [];
  const items = rows.map((cells, index) => {
    if (bad.has(index)) return {};
    const item = sectionItem(sheet, { cells, row: index + 2, columns }, (_sheet, _row, column, message) =>
      problems.push({ index, field: column, message }),
    );
    return cells.kpi !== undefined && skip.length > 0 ? { kpi: cells.kpi, ...item } : item;
  });
  return { items, rejected: problems };
}
