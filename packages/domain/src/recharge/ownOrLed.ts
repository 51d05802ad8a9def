/**
 * Rows of a run's figures a partner may see: its own (`partner`), and those of services it leads.
 * Given the leads of several runs (a diff compares two), a service's rows are the partner's to see
 * only when it leads that service in every one of them that has it: the lead of one year does not
 * see, through a diff, what another lead charged in another. A row that names its own `lead` (the
 * part of a service one lead led, when the service changed lead in the period) is that lead's to
 * see; a row of a whole service that had several leads in a run is no lead's.
 *
 * @param partner - the partner looking
 * @param leads - service id → its lead (or leads), one map per run the rows come from ({@link serviceLeads})
 * @returns the filter for rows that name a partner and, optionally, a service
 * @example run.trueUp?.lines.filter(ownOrLed("HDC", serviceLeads(run.allocation)));
 */
export function ownOrLed(
  partner: string,
  ...leads: readonly ReadonlyMap<string, string | readonly string[]>[]
): (row: { readonly partner: string; readonly service?: string; readonly lead?: string }) => boolean {
  const leadsAll = (service: string): boolean => {
    let found = false;
    for (const map of leads) {
      const lead = map.get(service);
      if (lead === undefined) continue;
      if (lead !== partner) return false;
      found = true;
    }
    return found;
  };
  return (row) =>
    row.partner === partner ||
    (row.lead !== undefined ? row.lead === partner : row.service !== undefined && leadsAll(row.service));
}
