import type { RowIssue } from "@3c/store";
import Papa from "papaparse";
import { ApiProblem, type ProblemIssue } from "../http/problem.js";

/** A CSV import read into items: one a data row, with the rows that did not parse. */
export interface CsvItems {
  /** One item per data row, in file order (item i is CSV record i + 2; the header is record 1). */
  readonly items: Record<string, string>[];
  /** The rows that did not parse (too few or too many fields, unbalanced quotes), by item index. */
  readonly rejected: RowIssue[];
}

/**
 * Reads a CSV import (comma-separated, RFC 4180 quoting; the delimiter is not guessed): a header
 * row naming the kind's columns (any order; optional ones may be left out), then one record per
 * row. Empty cells are absent fields; blank lines are skipped. A row that does not parse (unbalanced
 * quotes, too few or too many fields) is handed back as rejected, so the other rows are still
 * checked and every bad row is reported in one response.
 *
 * @param text - the CSV text
 * @param fields - the kind's columns
 * @returns the items, in file order, and the rows that did not parse
 * @throws ApiProblem `VALIDATION_FAILED` for a CSV without a header row, and for unknown or repeated
 *   columns (the layout is wrong, so no row can be read)
 * @example
 * csvRows("id,amount\nC1,10.00\nC2\n", ["id", "amount"]);
 * // { items: [{ id: "C1", amount: "10.00" }, { id: "C2" }],
 * //   rejected: [{ index: 1, field: "", message: "Too few fields: expected 2 fields but parsed 1" }] }
 */
export function csvRows(text: string, fields: readonly string[]): CsvItems {
  // Rows as arrays, objects built here: Papa's header mode builds each row's object field by field
  // and the empty cells then had to be filtered out, twice the work for 100,000 rows.
  const parsed = Papa.parse<string[]>(text, { header: false, delimiter: ",", skipEmptyLines: true });
  const header = parsed.data[0];
  if (header === undefined)
    throw new ApiProblem("VALIDATION_FAILED", "the CSV is empty: it needs a header row naming its columns", [
      { path: "row 1", row: 1, column: "", message: `no header row; expected some of ${fields.join(", ")}` },
    ]);
  const layout: ProblemIssue[] = [];
  header.forEach((column, i) => {
    if (!fields.includes(column))
      layout.push({ path: column, column, row: 1, message: `unknown column; expected some of ${fields.join(", ")}` });
    else if (header.indexOf(column) !== i) layout.push({ path: column, column, row: 1, message: "repeated column" });
  });
  const rejected: RowIssue[] = [];
  for (const e of parsed.errors) {
    // Papa counts data rows from 0 (the header); item i is data row i + 1.
    if (e.row === undefined || e.row === 0) layout.push({ path: "row 1", row: 1, column: "", message: e.message });
    else rejected.push({ index: e.row - 1, field: "", message: e.message });
  }
  if (layout.length > 0)
    throw new ApiProblem("VALIDATION_FAILED", "the CSV does not have the documented layout", layout);
  const width = header.length;
  const items: Record<string, string>[] = [];
  for (let r = 1; r < parsed.data.length; r++) {
    const cells = parsed.data[r] as string[];
    if (cells.length !== width) {
      const message = `${cells.length < width ? "Too few" : "Too many"} fields: expected ${width} fields but parsed ${cells.length}`;
      rejected.push({ index: r - 1, field: "", message });
    }
    const item: Record<string, string> = {};
    for (let i = 0; i < width; i++) {
      const v = cells[i];
      if (v !== undefined && v !== "") item[header[i] as string] = v;
    }
    items.push(item);
  }
  return { items, rejected };
}
