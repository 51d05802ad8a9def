import { stripControlLine } from "@3c/workbooks";

/** Alignment of a table column. */
export type Align = "left" | "right";

/**
 * Lays out rows as a plain-text table: columns padded to their widest cell, two spaces apart, with
 * a heading row. Every cell is stripped of control sequences first.
 *
 * @param headings - column headings
 * @param rows - cells, one array per row
 * @param align - alignment per column (default left)
 * @returns the table's lines, without a trailing newline
 */
export function renderTable(
  headings: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const clean = [headings, ...rows].map((r) => r.map((c) => stripControlLine(c)));
  const widths = headings.map((_, i) => Math.max(...clean.map((r) => [...(r[i] ?? "")].length)));
  return clean
    .map((r) =>
      r
        .map((cell, i) => {
          const pad = " ".repeat((widths[i] ?? 0) - [...cell].length);
          return align[i] === "right" ? pad + cell : i === r.length - 1 ? cell : cell + pad;
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
