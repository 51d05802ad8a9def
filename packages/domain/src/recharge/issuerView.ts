import type { Money } from "../money/index.js";
import { sumMinor } from "../money/Money.js";
import type { Statement, StatementLine } from "./statements.js";

/** A statement as one partner may see it: whole, or (`view`) only the lines one lead issues. */
export type StatementView = Statement & {
  /** Present on a lead's view of another partner's statement: whose lines these are. */
  readonly view?: { readonly issuer: string; readonly note: string };
};

/** The sum of one figure over some lines, in the statement's currency (never `-0`). */
function sum(currency: Money["currency"], lines: readonly StatementLine[], pick: (l: StatementLine) => Money): Money {
  return {
    currency,
    minor: sumMinor(
      lines.map((l) => pick(l).minor),
      "statement total",
    ),
  };
}

/**
 * The lead's view of another partner's statement: only the lines the lead issues, with the totals
 * worked out again from those lines exactly as {@link buildStatements} totals a statement (charges
 * before income, income netted, total, VAT, total with VAT), so they equal the statement's own
 * `byIssuer` entry for the lead and the gross invoice from the partner to the lead, to the minor
 * unit. Retained shares are left out (they are the receiving partner's own services), and the
 * result is labelled with `view` so it cannot pass for the whole statement.
 *
 * @param statement - the partner's whole statement
 * @param issuer - the lead looking at it
 * @returns the lead's lines and their totals; an invoice or credit note by the sign of that total
 *   (the statement's own type when it is zero)
 * @example
 * const seen = issuerView(run.statements.statements[0], "HDC");
 * seen.total; // what the partner owes HDC before VAT: HDC's byIssuer total on the statement
 */
export function issuerView(statement: Statement, issuer: string): StatementView {
  const currency = statement.total.currency;
  const lines = statement.lines.filter((l) => l.issuer === issuer);
  const total = sum(currency, lines, (l) => l.amount);
  const income = sum(
    currency,
    lines.filter((l) => l.kind === "income"),
    (l) => l.amount,
  );
  const vat = sum(currency, lines, (l) => l.vat);
  const type = total.minor < 0 ? "credit-note" : total.minor > 0 ? "invoice" : statement.type;
  return {
    ...statement,
    type,
    lines,
    byIssuer: statement.byIssuer.filter((b) => b.issuer === issuer),
    charges: { currency, minor: sumMinor([total.minor, -income.minor], "charges") },
    incomeNetted: income,
    total,
    vat,
    totalWithVat: { currency, minor: sumMinor([total.minor, vat.minor], "total with VAT") },
    retained: [],
    view: {
      issuer,
      note: `the lines ${issuer} issues as a lead, and their totals; the statement's other lines are not ${issuer}'s to see`,
    },
  };
}
