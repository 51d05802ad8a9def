import { addDays, type CalendarDate } from "@3c/domain";

/**
 * A lead's part of a period as a reader says it: its first and last days. The domain's parts run
 * `leadFrom` up to, not including, `leadTo`.
 *
 * @param part - a row of a service that changed lead (`leadFrom`, `leadTo`), or any other row
 * @returns the first and last days, or undefined for a row without a lead part
 */
export function leadPartDays(part: {
  readonly leadFrom?: CalendarDate;
  readonly leadTo?: CalendarDate;
}): { readonly first: CalendarDate; readonly last: CalendarDate } | undefined {
  if (part.leadFrom === undefined || part.leadTo === undefined) return undefined;
  return { first: part.leadFrom, last: addDays(part.leadTo, -1) };
}
