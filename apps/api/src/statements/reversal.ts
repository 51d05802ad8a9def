import { type Money, negate, type Statement, type Transfer } from "@3c/domain";

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

/**
 * The statement of a reversal: the original's amounts negated, an invoice becoming a credit note
 * (and the reverse), numbered after the original.
 *
 * @param statement - the reversed run's statement
 * @returns the reversal's statement
 */
export function reverseStatement(statement: Statement): Statement {
  return {
    ...negateAmounts(statement),
    number: `${statement.number}-R`,
    type: statement.type === "invoice" ? "credit-note" : "invoice",
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
