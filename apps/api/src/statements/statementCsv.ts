import { type Money, type StatementView, toDecimalString } from "@3c/domain";
import { toCsv } from "@3c/workbooks";

const COLUMNS = [
  "number",
  "type",
  "partner",
  "period",
  "issueDate",
  "dueDate",
  "service",
  "issuer",
  "pool",
  "kind",
  "rule",
  "basis",
  "poolAmount",
  "sharePercent",
  "amount",
  "vat",
  "currency",
] as const;

const dec = (m: Money) => toDecimalString(m);

/**
 * A statement as CSV: one row per statement line, amounts as exact decimal strings, then a total row.
 * Written by the shared `toCsv` (RFC 4180, a text a spreadsheet would run as a formula prefixed).
 * The total row's `issuer` is empty for a whole statement and names the lead on a lead's view (the
 * total of that lead's lines only).
 *
 * @param s - the statement, or a lead's view of it
 * @returns CSV text with a header row
 */
export function statementCsv(s: StatementView): string {
  const head = [s.number, s.type, s.partner, s.period, s.issueDate, s.dueDate ?? ""];
  const rows = s.lines.map((l) => [
    ...head,
    l.service,
    l.issuer,
    l.pool,
    l.kind,
    l.rule,
    l.basis,
    dec(l.poolAmount),
    l.sharePercent,
    dec(l.amount),
    dec(l.vat),
    l.amount.currency,
  ]);
  rows.push([
    ...head,
    "",
    s.view?.issuer ?? "",
    "",
    "total",
    "",
    "",
    "",
    "",
    dec(s.total),
    dec(s.vat),
    s.total.currency,
  ]);
  return toCsv(COLUMNS, rows);
}
