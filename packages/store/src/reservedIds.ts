/** The kinds of id a partnership creates whose values name section items and records. */
export type CreatedIdKind = "partner" | "service" | "pool" | "KPI";

/**
 * Why an id may not be given to a new partner, service, pool or KPI, if it may not. The domain's
 * id pattern allows `.`, but the API's item ids join natural keys with `.` (a measurement is
 * `kpi.period.partner`, a budget `service.pool.year`), so an id holding one would make two keys
 * join to the same item id; and a whole-partnership measurement is named by the partner `all`, so a
 * partner of that id would share its item ids. Ids stored before this rule are kept as they are.
 *
 * @param kind - what the id names
 * @param id - the id asked for
 * @returns the reason, or undefined when the id may be used
 * @example
 * reservedIdProblem("partner", "all"); // "\"all\" is reserved: …"
 * reservedIdProblem("pool", "staff.2"); // "… must not contain '.' …"
 */
export function reservedIdProblem(kind: CreatedIdKind, id: string): string | undefined {
  if (kind === "partner" && id === "all")
    return `"all" is reserved: it names the whole partnership in measurement ids (kpi.period.all); choose another partner id`;
  if (id.includes("."))
    return `a ${kind} id must not contain '.': item ids join ids with '.', so ${JSON.stringify(id)} would make them ambiguous`;
  return undefined;
}
