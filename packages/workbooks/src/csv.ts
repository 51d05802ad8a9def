import { stripControl } from "./stripControl.js";

const DOMAIN_POOL = /^@(service|support:[A-Za-z0-9._-]+)$/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; control sequences
 * removed. A field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` followed by a
 * non-digit) is prefixed with `'` so that opening the file cannot execute it; amounts such as
 * `-12.50` and the domain's own pool names (`@service`, `@support:ICT`) are left alone.
 *
 * @param value - the cell's text
 * @returns the encoded field
 */
export function csvField(value: string): string {
  let text = stripControl(value);
  if (/^[=+\-@]/.test(text) && !/^[+-]?\d/.test(text) && !DOMAIN_POOL.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Encodes a table as CSV with CRLF line ends, the form spreadsheets and ledgers expect.
 *
 * @param headings - the header row
 * @param rows - the data rows
 * @returns the CSV text, ending with a line break
 */
export function toCsv(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  return `${[headings, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
