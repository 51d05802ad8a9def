import { parsePeriod } from "@3c/domain";
import { stripControl, stripControlLine } from "@3c/workbooks";
import type { StoredRunSummary, StoredRunView, StoredYearEnd } from "../api/storedRun.js";
import {
  manifestLines,
  netPositionsTable,
  periodHeading,
  statementsTable,
  transferLines,
  trueUpSettlementBody,
} from "./rechargeReport.js";
import { renderTable } from "./table.js";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Who prepared a stored run and when, who approved it, and who discarded a discarded draft and why.
 *
 * @param run - the stored run
 * @returns e.g. `approved: prepared by a@hdc at 2025-01-15T…, approved by b@ccc at …`
 */
function provenance(run: StoredRunSummary): string {
  const approved = run.approvedBy === null ? "" : `, approved by ${run.approvedBy} at ${run.approvedAt ?? "?"}`;
  const posted = run.postedAt === null ? "" : `, posted at ${run.postedAt}`;
  const discarded =
    run.discardedBy === undefined || run.discardedBy === null
      ? ""
      : `, discarded by ${run.discardedBy} at ${run.discardedAt ?? "?"}: ${run.discardReason ?? ""}`;
  const reverses = run.reverses === null ? "" : ` reversing ${run.reverses}`;
  return `Stored run ${run.id} (${run.kind}${reverses}), ${run.status}: prepared by ${run.preparedBy} at ${run.preparedAt}${approved}${posted}${discarded}.`;
}

/**
 * A stored run as an API key may see it, as plain text: the same sections and renderers as
 * `3c recharge` of a local run (statements, net positions, settlement, the manifest's hashes),
 * each restricted to what the key's partner may see, and saying what is left out.
 *
 * @param view - the key's view of the run
 * @returns the report, ending with a newline
 */
export function storedRunReport(view: StoredRunView): string {
  const { run, partner, statements, positions, settlement } = view;
  const first = statements[0];
  const leadViews = statements.filter((s) => s.view !== undefined);
  const trueUp = view.basis === "true-up";
  return stripControl(
    [
      periodHeading(view.name, parsePeriod(run.period), "recharge"),
      "",
      stripControlLine(provenance(run)),
      `As ${partner} may see it (the API key's partner): its own statement whole and, as a lead, the lines it issues`,
      "on others'; its own net position and the transfers it pays or receives. The other partners' statements",
      trueUp
        ? "and positions and every partner's charges by service are not shown."
        : "and positions, every partner's charges by service and a year's true-up are not shown.",
      "",
      `Statements${first === undefined ? "" : ` issued ${first.issueDate}`} (each lead charges the others; its own share is retained):`,
      statements.length === 0 ? `  No statements ${partner} may see.` : statementsTable(statements),
      ...(leadViews.length === 0
        ? []
        : [`* ${partner}'s view as a lead: only the lines it issues on that statement, and their totals.`]),
      "",
      ...(!trueUp
        ? []
        : run.kind === "reversal"
          ? [
              `The statements take back those of ${run.reverses ?? "the run reversed"}, a year's run with the budget: its settlement was the`,
              "year-end true-up (the quarterly advances paid), so the settlement below takes back that true-up.",
              "",
            ]
          : [
              "The statements are the year's whole charges, advanced quarterly: what is left to settle is the",
              "year-end true-up, each charge less what was advanced for it.",
              "",
            ]),
      trueUp ? "Net position of the true-up:" : "Net position:",
      positions.length === 0 ? `  No position of ${partner}.` : netPositionsTable(positions),
      "",
      `Settlement${trueUp ? " of the true-up" : ""}: ${plural(settlement.length, "transfer")} ${partner} pays or receives, instead of ${plural(view.invoices.length, trueUp ? "true-up invoice" : "invoice")}:`,
      transferLines(settlement),
      "",
      manifestLines(run.manifest),
      "",
    ].join("\n"),
  );
}

/**
 * A stored budget run's year-end true-up settlement as an API key may see it, as plain text
 * (`3c settle --run`): the body of `3c settle --budget` ({@link trueUpSettlementBody}) restricted
 * to the key's partner, between the run's provenance, a note of what is left out, and the
 * manifest's hashes.
 *
 * @param view - the key's view of the run's year end
 * @returns the report, ending with a newline
 */
export function storedYearEndReport(view: StoredYearEnd): string {
  const { run, partner } = view;
  return stripControl(
    [
      periodHeading(view.name, parsePeriod(run.period), "year-end true-up settlement"),
      "",
      stripControlLine(provenance(run)),
      `As ${partner} may see it (the API key's partner): its own advances, charge and true-up, its own net position`,
      "of the true-up and the true-ups and transfers it pays or receives. The other partners' years and positions",
      "are not shown.",
      "",
      ...trueUpSettlementBody(view.shown, partner),
      manifestLines(run.manifest),
      "",
    ].join("\n"),
  );
}

/**
 * The stored runs as a table: id, period, kind, status, who prepared and approved each and when,
 * and the start of its output hash.
 *
 * @param runs - the runs, as the API lists them
 * @returns the table, ending with a newline
 */
export function runsTable(runs: readonly StoredRunSummary[]): string {
  if (runs.length === 0) return "No stored runs.\n";
  const table = renderTable(
    ["Run", "Period", "Kind", "Status", "Prepared by", "Prepared at", "Approved by", "Approved at", "Output hash"],
    runs.map((r) => [
      r.id,
      r.period,
      r.reverses === null ? r.kind : `${r.kind} of ${r.reverses}`,
      r.status,
      r.preparedBy,
      r.preparedAt,
      r.approvedBy ?? "",
      r.approvedAt ?? "",
      `${r.manifest.outputHash.slice(0, 12)}…`,
    ]),
  );
  return `${table}\n`;
}
