import Papa from "papaparse";
import { ApiProblem, type ProblemIssue } from "../http/problem.js";

/**
 * Reads a CSV import: a header row naming the kind's columns (any order; optional ones may be left
 * out), then one record per row. Empty cells are absent fields. Every malformed row is reported.
 *
 * @param text - the CSV text
 * @param fields - the kind's columns
 * @returns the items, in file order
 * @throws ApiProblem `VALIDATION_FAILED` for unknown columns or rows that do not parse
 */
export function csvRows(text: string, fields: readonly string[]): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const issues: ProblemIssue[] = [];
  for (const column of parsed.meta.fields ?? []) {
    if (!fields.includes(column))
      issues.push({ path: column, column, row: 1, message: `unknown column; expected some of ${fields.join(", ")}` });
  }
  for (const e of parsed.errors) {
    const row = e.row === undefined ? 1 : e.row + 2;
    issues.push({ path: `row ${row}`, row, column: "", message: e.message });
  }
  if (issues.length > 0)
    throw new ApiProblem("VALIDATION_FAILED", "the CSV does not have the documented layout", issues);
  return parsed.data.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== "")));
}
