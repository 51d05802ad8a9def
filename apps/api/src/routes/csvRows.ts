import Papa from "papaparse";
import { ApiProblem, type ProblemIssue } from "../http/problem.js";

/**
 * Reads a CSV import (comma-separated, RFC 4180 quoting; the delimiter is not guessed): a header
 * row naming the kind's columns (any order; optional ones may be left out), then one record per row. Empty cells are absent fields. Every malformed row is reported
 * (unbalanced quotes, too few or too many fields), with its record number (header = 1).
 *
 * @param text - the CSV text
 * @param fields - the kind's columns
 * @returns the items, in file order
 * @throws ApiProblem `VALIDATION_FAILED` for unknown or repeated columns or rows that do not parse
 */
export function csvRows(text: string, fields: readonly string[]): Record<string, string>[] {
  // Rows as arrays, objects built here: Papa's header mode builds each row's object field by field
  // and the empty cells then had to be filtered out, twice the work for 100,000 rows.
  const parsed = Papa.parse<string[]>(text, { header: false, delimiter: ",", skipEmptyLines: true });
  const header = parsed.data[0] ?? [];
  const issues: ProblemIssue[] = [];
  header.forEach((column, i) => {
    if (!fields.includes(column))
      issues.push({ path: column, column, row: 1, message: `unknown column; expected some of ${fields.join(", ")}` });
    else if (header.indexOf(column) !== i) issues.push({ path: column, column, row: 1, message: "repeated column" });
  });
  for (const e of parsed.errors) {
    const row = e.row === undefined ? 1 : e.row + 1;
    issues.push({ path: `row ${row}`, row, column: "", message: e.message });
  }
  const width = header.length;
  const items: Record<string, string>[] = [];
  for (let r = 1; r < parsed.data.length; r++) {
    const cells = parsed.data[r] as string[];
    if (cells.length !== width) {
      const row = r + 1;
      const message = `${cells.length < width ? "Too few" : "Too many"} fields: expected ${width} fields but parsed ${cells.length}`;
      issues.push({ path: `row ${row}`, row, column: "", message });
    }
    const item: Record<string, string> = {};
    for (let i = 0; i < width; i++) {
      const v = cells[i];
      if (v !== undefined && v !== "") item[header[i] as string] = v;
    }
    items.push(item);
  }
  if (issues.length > 0)
    throw new ApiProblem("VALIDATION_FAILED", "the CSV does not have the documented layout", issues);
  return items;
}
