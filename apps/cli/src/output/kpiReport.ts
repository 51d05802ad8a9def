import { describeTarget, type KpiDirection, type KpiPeriodResult, type KpiScorecard, type KpiStatus } from "@3c/domain";
import { stripControlLine } from "@3c/workbooks";
import { renderTable } from "./table.js";

/** A status as the tables show it: upper case, so that it stands out and is found by {@link colourStatuses}. */
export const STATUS_WORD: Readonly<Record<KpiStatus, string>> = {
  green: "GREEN",
  amber: "AMBER",
  red: "RED",
  blue: "BLUE",
  grey: "GREY",
  "no-data": "NO DATA",
  "not-applicable": "N/A",
};

/** Direction of travel as an arrow: ↑ improved, ↓ worse, → same, · not comparable. */
export const DIRECTION_ARROW: Readonly<Record<KpiDirection, string>> = {
  improved: "↑",
  worse: "↓",
  same: "→",
  "n/a": "·",
};

const ANSI: Readonly<Record<string, string>> = {
  GREEN: "\u001b[32m",
  AMBER: "\u001b[33m",
  RED: "\u001b[31m",
  BLUE: "\u001b[34m",
  GREY: "\u001b[90m",
};

/**
 * Colours the status words of rendered tables (GREEN, AMBER, RED, BLUE, GREY) for a terminal.
 * Applied after layout, so colour codes never upset column widths; only to text 3c laid out
 * itself (input text was stripped of control sequences and upper-case status words are 3c's).
 *
 * @param text - rendered table text
 * @returns the text with ANSI colours around each status word
 */
export function colourStatuses(text: string): string {
  return text.replace(/\b(GREEN|AMBER|RED|BLUE|GREY)\b/g, (w) => `${ANSI[w] ?? ""}${w}\u001b[39m`);
}

/**
 * Cuts text to a number of characters, marking the cut with an ellipsis.
 *
 * @param text - the text
 * @param width - the most characters to keep
 * @returns the text, or its start and `…`
 */
export function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

const cellValue = (r: KpiPeriodResult): string => r.value?.display ?? "—";

/** What the period was judged against; a sum KPI's profiled target with the year's in brackets. */
const targetText = (r: KpiPeriodResult): string => (r.target === null ? "—" : describeTarget(r.target));

/**
 * The year to date per KPI: value, target, RAG status, direction against the same period last
 * year, and the predicted year end. Fits 80 columns.
 *
 * @param card - the scorecard
 * @returns the table
 */
export function kpiSummaryTable(card: KpiScorecard): string {
  return renderTable(
    ["KPI", "Unit", "Year", "Target", "Status", "vs LY", "Year end"],
    card.kpis.map((k) => [
      k.code,
      k.unit,
      cellValue(k.yearToDate),
      targetText(k.yearToDate),
      STATUS_WORD[k.yearToDate.status],
      DIRECTION_ARROW[k.yearToDate.direction.lastYear],
      k.predictedYearEnd === null
        ? "—"
        : `${k.predictedYearEnd.value.display} ${STATUS_WORD[k.predictedYearEnd.status]} (${k.predictedYearEnd.method})`,
    ]),
    ["left", "left", "right", "right", "left", "left", "left"],
  );
}

/**
 * Each KPI quarter by quarter: value, status and the arrow against the previous quarter.
 *
 * @param card - the scorecard
 * @returns the table
 */
export function kpiQuartersTable(card: KpiScorecard): string {
  const quarters = ["Q1", "Q2", "Q3", "Q4"];
  return renderTable(
    ["KPI", ...quarters],
    card.kpis.map((k) => [
      k.code,
      ...quarters.map((_, i) => {
        const q = k.quarters[i];
        return q === undefined
          ? "—"
          : `${cellValue(q)} ${STATUS_WORD[q.status]} ${DIRECTION_ARROW[q.direction.previous]}`;
      }),
    ]),
    ["left", "right", "right", "right", "right"],
  );
}

/**
 * Wraps text at spaces to a width, with a hanging indent.
 *
 * @param text - one paragraph
 * @param width - the longest line
 * @param indent - the indent of the continuation lines
 * @returns the wrapped lines
 */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of stripControlLine(text).split(/\s+/)) {
    if (line !== "" && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * The points a scorecard raises: stretch targets to review and evaluation warnings, one a line.
 *
 * @param card - the scorecard
 * @returns the lines (empty when there is nothing to raise)
 */
export function kpiFlagLines(card: KpiScorecard): string[] {
  return card.kpis.flatMap((k) => [
    ...k.reviewFlags.flatMap((f) => wrap(`Review target: ${f.message}`, 76, "  ").map((l) => `  ${l}`)),
    ...k.warnings.flatMap((w) => wrap(w.message, 76, "  ").map((l) => `  ${l}`)),
  ]);
}

/**
 * `3c kpi` as text: the year to date with RAG and prediction, the quarters, the KPIs' names and the
 * review flags.
 *
 * @param card - the scorecard
 * @param title - the heading line
 * @param colour - whether to colour the status words
 * @returns the report, ending with a newline
 */
export function kpiReportText(card: KpiScorecard, title: string, colour: boolean): string {
  if (card.kpis.length === 0) return `${title}\n\nNo KPIs are defined.\n`;
  const paint = colour ? colourStatuses : (t: string) => t;
  const flags = kpiFlagLines(card);
  return [
    title,
    "",
    paint(kpiSummaryTable(card)),
    "",
    "Quarters (arrow: against the previous quarter):",
    paint(kpiQuartersTable(card)),
    "",
    renderTable(
      ["KPI", "Service", "Name"],
      card.kpis.map((k) => [
        k.code,
        k.service,
        clip(k.name, 80 - 4 - Math.max(3, ...card.kpis.map((c) => c.code.length)) - 9),
      ]),
    ),
    "",
    "↑ improved  ↓ worse  → same  · not comparable",
    "",
    flags.length === 0 ? "Review flags: none" : "Review flags:",
    ...flags,
    "",
  ].join("\n");
}
