/**
 * The lines of a list of problems that fit in the rows a screen has for them, each line taking as
 * many rows as it wraps to at the terminal's width. When not all fit, the last row says how many
 * more there are (`… and 3 more`), so a problem is never silently cut off; a screen too short for
 * even one line shows the count alone.
 *
 * @param lines - the problems, in order
 * @param rows - the rows they may take
 * @param width - the terminal's columns (each line's indent included in its length)
 * @returns the lines to show, and how many are left out
 * @example
 * problemFit(["a", "b", "c"], 2, 80); // { shown: ["a"], more: 2 }
 */
export function problemFit(
  lines: readonly string[],
  rows: number,
  width: number,
): { readonly shown: readonly string[]; readonly more: number } {
  const rowsOf = (line: string) => Math.max(1, Math.ceil([...line].length / Math.max(1, width)));
  const total = lines.reduce((n, l) => n + rowsOf(l), 0);
  if (total <= rows) return { shown: lines, more: 0 };
  const shown: string[] = [];
  let used = 1; // the "… and n more" line
  for (const line of lines) {
    if (used + rowsOf(line) > rows) break;
    shown.push(line);
    used += rowsOf(line);
  }
  return { shown, more: lines.length - shown.length };
}
