import { type ApiKey, type DateSpan, leadsWithin, type RecordKindName, recordKind, type Service } from "@3c/store";

/**
 * Who may write which record, row by row, within the `write:records` permission, by the leads in
 * force on the row's dates (a service handed over from a date passes its rows from that date on):
 * a service's lines (cost, income, budget) by its lead on the line's date; a partner's driver
 * quantities by that partner or by a lead, during the quantities' period, of a service it takes
 * part in; exchange rates by a lead of any service during the rate's dates.
 *
 * @param kind - the record kind
 * @param key - the writer's key
 * @returns the check the store applies to each row, given the services as read in the import's
 *   transaction: the reason it is refused, or undefined
 * @example
 * // ICT handed from A to B from 2024-10-01: B's finance key may not write a line of 2024-09-15.
 * rowRule("cost-lines", keyOfB)({ service: "ICT", date: "2024-09-15", … }, services);
 * // "service ICT is led by A on 2024-09-15: only A's finance users write its lines of that date"
 */
export function rowRule(
  kind: RecordKindName,
  key: ApiKey,
): (doc: Readonly<Record<string, string>>, services: ReadonlyMap<string, Service>) => string | undefined {
  const def = recordKind(kind);
  // The leads over the row's dates; a row without dates (refused by its schema) has the latest lead.
  const leads = (service: Service, span: DateSpan | undefined) =>
    span === undefined ? [service.lead] : leadsWithin(service, span);
  switch (kind) {
    case "cost-lines":
    case "budget-lines":
    case "income":
      return (doc, services) => {
        const service = services.get(doc.service ?? "");
        if (service === undefined) return undefined;
        const span = def.span(doc);
        const by = leads(service, span);
        if (by.includes(key.partner)) return undefined;
        const lead = by.join(" then ");
        return span === undefined
          ? `service ${doc.service} is led by ${lead}: only ${lead}'s finance users write its lines`
          : `service ${doc.service} is led by ${lead} on ${span.start}: only ${lead}'s finance users write its lines of that date`;
      };
    case "drivers":
    case "budget-drivers":
      return (doc, services) => {
        if (doc.partner === key.partner) return undefined;
        const span = def.span(doc);
        return [...services.values()].some(
          (s) => s.participants.includes(doc.partner ?? "") && leads(s, span).includes(key.partner),
        )
          ? undefined
          : `only ${doc.partner} or the lead of a service it takes part in, during the quantities' period, may write its driver quantities`;
      };
    case "fx-rates":
    case "budget-fx-rates":
      return (doc, services) => {
        const span = def.span(doc);
        return [...services.values()].some((s) => leads(s, span).includes(key.partner))
          ? undefined
          : "exchange rates are recorded by the finance users of a service's lead during the rate's dates";
      };
  }
}

/**
 * The services whose lines a key may read: those its partner takes part in.
 *
 * @param key - the reader's key
 * @param services - the partnership's services
 * @returns their ids
 */
export function visibleServices(key: ApiKey, services: readonly Service[]): string[] {
  return services.filter((s) => s.participants.includes(key.partner)).map((s) => s.id);
}
