import { type StatementLine, type StatementView, toDecimalString } from "@3c/domain";
import { toCsv } from "./csv.js";

/**
 * The columns of the statement CSV, in order: the statement (number, type, payer, period, dates),
 * then each line's lead, service, pool and basis, the drivers behind it, and the money.
 */
export const STATEMENT_CSV_COLUMNS = [
  "number",
  "type",
  "partner",
  "period",
  "issueDate",
  "dueDate",
  "issuer",
  "service",
  "pool",
  "kind",
  "rule",
  "basis",
  "basisPeriod",
  "drivers",
  "poolAmount",
  "sharePercent",
  "amount",
  "vat",
  "currency",
] as const;

/** A line's drivers in one field: `users 2024/25: 120 of 1000; devices 2024/25-Q3: 5 of 40`. */
function driversText(line: StatementLine): string {
  return line.drivers.map((d) => `${d.driver} ${d.period}: ${d.quantity} of ${d.total}`).join("; ");
}

/** One statement's rows: a row per line, then its total row. */
function statementRows(s: StatementView): string[][] {
  const head = [s.number, s.type, s.partner, s.period, s.issueDate, s.dueDate ?? ""];
  const rows = s.lines.map((l) => [
    ...head,
    l.issuer,
    l.service,
    l.pool,
    l.kind,
    l.rule,
    l.basis,
    l.basisPeriod,
    driversText(l),
    toDecimalString(l.poolAmount),
    l.sharePercent,
    toDecimalString(l.amount),
    toDecimalString(l.vat),
    l.amount.currency,
  ]);
  // The statement's own totals, never summed here: on a lead's view they are the view's.
  rows.push([
    ...head,
    s.view?.issuer ?? "",
    "",
    "",
    "total",
    "",
    "",
    "",
    "",
    "",
    "",
    toDecimalString(s.total),
    toDecimalString(s.vat),
    s.total.currency,
  ]);
  return rows;
}

/**
 * Statements as one CSV, the layout both the calculator (`3c recharge --format csv`, every
 * statement of the run) and the API (`GET …/runs/{run}/statements/{partner}?format=csv`, one
 * statement) write: for each statement in the order given, a row per line (its lead as `issuer`,
 * its drivers as `driver period: quantity of total`, amounts as exact decimals), then a row of
 * kind `total` with the statement's total and VAT and an empty service. On a lead's view of a
 * statement the total row's `issuer` names that lead (the total of its lines only); on a whole
 * statement it is empty. So the file of one statement is the file of the run restricted to that
 * statement's rows, byte for byte.
 *
 * @param statements - the statements, or partners' views of them, in the order to write
 * @returns the CSV text with a header row (only the header when there are no statements)
 * @example
 * statementsCsv(run.statements.statements); // the run's file
 * statementsCsv([issuerView(statement, "HDC")]); // what HDC sees of one statement
 */
export function statementsCsv(statements: readonly StatementView[]): string {
  return toCsv(STATEMENT_CSV_COLUMNS, statements.flatMap(statementRows));
}
