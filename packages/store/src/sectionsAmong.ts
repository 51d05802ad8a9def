import type { StoredSections } from "./sections.js";

/** The services and pools of a period's scenario: what its sections may name. */
export interface InScenario {
  /** The ids of the services in effect. */
  readonly services: ReadonlySet<string>;
  /** Each pool in effect, as `service` + U+0000 + `pool`. */
  readonly pools: ReadonlySet<string>;
}

/** The entries of a list that name only what is in the scenario, or the list itself when all do. */
const only = <T>(list: readonly T[], keep: (item: T) => boolean): T[] =>
  list.every(keep) ? (list as T[]) : list.filter(keep);

/**
 * Entries of several services (calendars, outages) keep the ones in the scenario; one left with
 * none leaves, except the entry `kept` names (the outage-cost calendar), which stays serving none.
 */
const trim = <T extends { readonly id: string; readonly services: readonly string[] }>(
  list: readonly T[],
  among: ReadonlySet<string>,
  kept?: string,
): T[] =>
  list.every((e) => e.services.every((s) => among.has(s)))
    ? (list as T[])
    : list
        .map((e) => ({ ...e, services: e.services.filter((s) => among.has(s)) }))
        .filter((e) => e.services.length > 0 || e.id === kept);

/**
 * The stored sections as a period's report reads them: the parts of a service or pool not in
 * effect in the period leave with it — its budgets, KPIs and their measurements, its place in
 * calendars and outages (an entry left with no service leaves too, but the calendar outage
 * costing names, which stays serving none: its hours are still those users work), the availability
 * KPIs and incident targets of it or of a KPI that left, and its savings targets, baselines,
 * contributions and one-off items. Partnership-wide terms (rounding, attribution, indices, the RAG
 * scheme, outage costing) stay. A section that names only services and pools in effect is returned
 * as stored.
 *
 * @param sections - the sections, with the terms in force for the period's year
 * @param among - the services and pools in the period's scenario
 * @returns the sections naming only services and pools in it
 */
export function sectionsAmong(sections: StoredSections, among: InScenario): StoredSections {
  const { services, pools } = among;
  const out: { -readonly [K in keyof StoredSections]: StoredSections[K] } = { ...sections };
  if (sections.budgets !== undefined)
    out.budgets = only(sections.budgets, (b) => pools.has(`${b.service}\u0000${b.pool}`));
  const gone = new Set((sections.kpis ?? []).filter((k) => !services.has(k.service)).map((k) => k.code));
  if (sections.kpis !== undefined) out.kpis = only(sections.kpis, (k) => !gone.has(k.code));
  if (sections.measurements !== undefined) out.measurements = only(sections.measurements, (m) => !gone.has(m.kpi));
  // Outage costing reads its calendar's hours (when users work), not its services: it keeps the
  // calendar, serving none, in a year none of its services is in.
  if (sections.calendars !== undefined)
    out.calendars = trim(sections.calendars, services, sections.outageCost?.calendar);
  if (sections.outages !== undefined) out.outages = trim(sections.outages, services);
  const availability = sections.availability;
  const kpiOf = ([s, k]: [string, string]) => services.has(s) && !gone.has(k);
  const target = (t: { readonly kpi: string; readonly service?: string | undefined }) =>
    !gone.has(t.kpi) && (t.service === undefined || services.has(t.service));
  if (
    availability !== undefined &&
    !(Object.entries(availability.kpis ?? {}).every(kpiOf) && (availability.incidentTargets ?? []).every(target))
  ) {
    const { kpis, incidentTargets, ...rest } = availability;
    out.availability = {
      ...rest,
      ...(kpis === undefined ? {} : { kpis: Object.fromEntries(Object.entries(kpis).filter(kpiOf)) }),
      ...(incidentTargets === undefined ? {} : { incidentTargets: incidentTargets.filter(target) }),
    };
  }
  const savings = sections.savings;
  const ofService = (x: { readonly service?: string | undefined }) =>
    x.service === undefined || services.has(x.service);
  if (
    savings !== undefined &&
    ![savings.baselines, savings.serviceTargets ?? [], savings.contributions ?? [], savings.oneOffs ?? []].every(
      (list: readonly { readonly service?: string | undefined }[]) => list.every(ofService),
    )
  ) {
    const { serviceTargets, contributions, oneOffs, baselines, ...rest } = savings;
    out.savings = {
      ...rest,
      baselines: baselines.filter(ofService),
      ...(serviceTargets === undefined ? {} : { serviceTargets: serviceTargets.filter(ofService) }),
      ...(contributions === undefined ? {} : { contributions: contributions.filter(ofService) }),
      ...(oneOffs === undefined ? {} : { oneOffs: oneOffs.filter(ofService) }),
    };
  }
  return out;
}
