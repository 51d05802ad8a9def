/**
 * JSON for output: two-space indented, with DEL and the C1 control characters written as `\u` escapes
 * (JSON.stringify escapes only C0), so the text is safe to show in a terminal and parses back to
 * exactly the same data.
 *
 * @param value - plain data
 * @returns the JSON text, ending with a newline
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}
