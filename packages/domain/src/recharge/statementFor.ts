import { issuerView, type StatementView } from "./issuerView.js";
import type { Statement } from "./statements.js";

/**
 * What a partner may see of a statement: its own statement whole; another partner's only as the
 * lead that issues some of its lines ({@link issuerView}); otherwise nothing. The issuer is the one
 * each line records, the lead when the run was made, so a later change of lead changes nothing here.
 *
 * @param partner - the partner looking
 * @param statement - a statement of a run
 * @returns the statement as the partner may see it, or undefined when it may see none of it
 * @example
 * const seen = run.statements.statements.flatMap((s) => statementFor("HDC", s) ?? []);
 */
export function statementFor(partner: string, statement: Statement): StatementView | undefined {
  if (statement.partner === partner) return statement;
  return statement.lines.some((l) => l.issuer === partner) ? issuerView(statement, partner) : undefined;
}
