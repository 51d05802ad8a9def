import type { ApiKey, RecordKindName, Service } from "@3c/store";

/**
 * Who may write which record, row by row, within the `write:records` permission: a service's lines
 * (cost, income, budget) by its lead; a partner's driver quantities by that partner or by the lead
 * of a service it takes part in; exchange rates by the lead of any service.
 *
 * @param kind - the record kind
 * @param key - the writer's key
 * @param services - the partnership's services
 * @returns the check the store applies to each row: the reason it is refused, or undefined
 */
export function rowRule(
  kind: RecordKindName,
  key: ApiKey,
  services: readonly Service[],
): (doc: Readonly<Record<string, string>>) => string | undefined {
  const byId = new Map(services.map((s) => [s.id, s]));
  const leads = services.filter((s) => s.lead === key.partner);
  switch (kind) {
    case "cost-lines":
    case "budget-lines":
    case "income":
      return (doc) => {
        const lead = byId.get(doc.service ?? "")?.lead;
        return lead === undefined || lead === key.partner
          ? undefined
          : `service ${doc.service} is led by ${lead}: only ${lead}'s finance users write its lines`;
      };
    case "drivers":
    case "budget-drivers":
      return (doc) =>
        doc.partner === key.partner || leads.some((s) => s.participants.includes(doc.partner ?? ""))
          ? undefined
          : `only ${doc.partner} or the lead of a service it takes part in may write its driver quantities`;
    case "fx-rates":
    case "budget-fx-rates":
      return () =>
        leads.length > 0 ? undefined : "exchange rates are recorded by the finance users of a service's lead";
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
