import { type CalendarDate, type Money, negate, type Statement, type Transfer } from "@3c/domain";

function isMoney(value: unknown): value is Money {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.keys(value).length === 2 &&
    typeof (value as Money).minor === "number" &&
    typeof (value as Money).currency === "string"
  );
}

/**
 * A value with every amount in it negated (by the domain's `negate`), for the documents of a
 * reversal run.
 *
 * @param value - plain data holding `Money` values
 * @returns a copy with each `Money` negated
 */
export function negateAmounts<T>(value: T): T {
  if (isMoney(value)) return negate(value) as T;
  if (Array.isArray(value)) return value.map(negateAmounts) as T;
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, negateAmounts(v)])) as T;
  return value;
}

/** How a reversal's own statements are dated and numbered: the period it is booked in, its issue date. */
export interface ReversalDating {
  readonly period: string;
  readonly issueDate: string;
  readonly dueDate?: string;
  /** Statement number per partner; a partner not named keeps `<number>-R`. */
  readonly numbers?: Readonly<Record<string, string>>;
}

/**
 * The statement of a reversal: the original's amounts negated, an invoice becoming a credit note
 * (and the reverse), numbered after the original (`<number>-R`). Dated by the reversal's own
 * period, issue date and due date when given; without them (a reversal drafted before reversals
 * took statement options), the original's dates are kept.
 *
 * @param statement - the reversed run's statement
 * @param dating - the reversal's own period, dates and numbers
 * @returns the reversal's statement
 */
export function reverseStatement(statement: Statement, dating?: ReversalDating): Statement {
  const reversed: Statement = {
    ...negateAmounts(statement),
    number: dating?.numbers?.[statement.partner] ?? `${statement.number}-R`,
    type: statement.type === "invoice" ? "credit-note" : "invoice",
  };
  if (dating === undefined) return reversed;
  // The original's due date is no date of the reversal's: only the reversal's own goes out.
  const { dueDate: _, ...undated } = reversed;
  return {
    ...undated,
    period: dating.period,
    issueDate: dating.issueDate as CalendarDate,
    ...(dating.dueDate === undefined ? {} : { dueDate: dating.dueDate as CalendarDate }),
  };
}

/**
 * The transfers that undo a settlement: the same amounts the other way.
 *
 * @param transfers - the reversed run's transfers
 * @returns the reversal's transfers
 */
export function reverseTransfers(transfers: readonly Transfer[]): Transfer[] {
  return transfers.map((t) => ({ ...t, from: t.to, to: t.from }));
}

/**
 * The year end of a reversal: the original's advances, true-up, positions and variance negated,
 * and its true-up settled the other way — the same positive transfers with payer and payee
 * swapped, as a reversal's period settlement is ({@link reverseTransfers}), never a transfer of a
 * negative amount. The true-up invoices keep their direction (partner to lead), their signed
 * amounts negated: a true-up invoice is already negative when the lead refunds.
 *
 * @param yearEnd - the reversed run's year-end view
 * @returns the reversal's
 */
export function reverseYearEnd<
  T extends { readonly trueUpSettlement?: { readonly settlement: readonly Transfer[] } | undefined },
>(yearEnd: T): T {
  const negated = negateAmounts(yearEnd);
  const settled = yearEnd.trueUpSettlement;
  if (settled === undefined || negated.trueUpSettlement === undefined) return negated;
  return {
    ...negated,
    trueUpSettlement: { ...negated.trueUpSettlement, settlement: reverseTransfers(settled.settlement) },
  };
}
