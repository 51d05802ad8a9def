import type { Money, Statement, StatementLine } from "@3c/domain";

/** A statement as one key may see it: whole, or (`view`) only the lines one lead issues. */
export type StatementView = Statement & {
  /** Present on a lead's view of another partner's statement: whose lines these are. */
  readonly view?: { readonly issuer: string; readonly note: string };
};

const sum = (
  currency: Money["currency"],
  lines: readonly StatementLine[],
  pick: (l: StatementLine) => Money,
): Money => ({
  currency,
  minor: lines.reduce((s, l) => s + pick(l).minor, 0) + 0,
});

/**
 * The lead's view of another partner's statement: only the lines the lead issues, with the totals
 * worked out again from those lines exactly as the domain totals a statement (charges before
 * income, income netted, total, VAT, total with VAT), and no retained shares (those are the
 * receiving partner's own services). Labelled with `view` so it cannot pass for the whole statement.
 *
 * @param statement - the partner's whole statement
 * @param issuer - the lead looking at it
 * @returns the filtered statement
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
    charges: { currency, minor: total.minor - income.minor },
    incomeNetted: income,
    total,
    vat,
    totalWithVat: { currency, minor: total.minor + vat.minor },
    retained: [],
    view: {
      issuer,
      note: `the lines ${issuer} issues as a lead, and their totals; the statement's other lines are not ${issuer}'s to see`,
    },
  };
}

/**
 * What a key of a partner may see of a statement: its own statement whole; another partner's only
 * as the lead of some of its lines ({@link issuerView}); otherwise nothing.
 *
 * @param partner - the key's partner
 * @param statement - a statement of a run
 * @returns the statement as the partner may see it, or undefined
 */
export function statementFor(partner: string, statement: Statement): StatementView | undefined {
  if (statement.partner === partner) return statement;
  return statement.lines.some((l) => l.issuer === partner) ? issuerView(statement, partner) : undefined;
}
