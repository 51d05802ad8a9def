import { stripControl } from "./stripControl.js";

const DOMAIN_POOL = /^@(service|support:[A-Za-z0-9._-]+)$/;
// A whole field that is a plain decimal (`-12.50`): a field that only starts like one (`-1+HYPERLINK(…)`)
// is still a formula to a spreadsheet.
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; control sequences
 * removed. A field that a spreadsheet would run as a formula (starting `=`, `+`, `-` or `@`) is
 * prefixed with `'` so that opening the file cannot execute it; a field that is a
 * plain decimal number (`-12.50`) and the domain's own pool names (`@service`, `@support:ICT`) are
 * left alone, but not text that merely starts with a number (`-1+HYPERLINK(…)`).
 *
 * @param value - the cell's text
 * @returns the encoded field
 */
export function csvField(value: string): string {
  let text = stripControl(value);
  if (/^[=+\-@]/.test(text) && !PLAIN_NUMBER.test(text) && !DOMAIN_POOL.test(text)) text = `'${text}`;
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
