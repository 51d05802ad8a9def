// ESC-introduced sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST`, DCS/PM/APC/SOS strings,
// two-character escapes), their 8-bit C1 forms, then any remaining C0/C1 control character.
// Tab and newline are kept: they lay out text without moving the cursor anywhere unexpected.
const SEQUENCES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|[\u001b][\]PX^_][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|[\u009d\u0090\u0098\u009e\u009f][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|\u001b[ -/]*[0-~]?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Removes terminal control sequences and control characters from text that came from an input file
 * or the API, so that a council name or description cannot move the cursor, recolour the screen,
 * set the window title or write to the clipboard when it is shown. Tabs and newlines are kept.
 *
 * @param text - untrusted text
 * @returns the text without escape sequences or control characters
 * @example stripControl("Cambridge\u001b[2J City") // "Cambridge City"
 */
export function stripControl(text: string): string {
  return text.replace(SEQUENCES, "").replace(CONTROLS, "");
}

/**
 * Like {@link stripControl}, for a single line: newlines and tabs become spaces too.
 *
 * @param text - untrusted text shown on one line (a table cell, a heading)
 * @returns the cleaned text on one line
 */
export function stripControlLine(text: string): string {
  return stripControl(text).replace(/[\t\n]/g, " ");
}
