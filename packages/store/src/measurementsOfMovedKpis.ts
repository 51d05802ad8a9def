import { rowsBeforeStart } from "./rowsBeforeStart.js";
import type { RowIssue } from "./StoreError.js";
import type { StoredSections } from "./sections.js";
import type { Service } from "./structure.js";

type Loose = Readonly<Record<string, unknown>>;

/** Each KPI's service, by code, of a `kpis` section as written (entries that are not objects skipped). */
function servicesOf(kpis: unknown): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  for (const k of Array.isArray(kpis) ? (kpis as unknown[]) : [])
    if (typeof k === "object" && k !== null) out.set((k as Loose).code, (k as Loose).service);
  return out;
}

/**
 * The KPIs a kpis write moves to another service: the codes present before and after whose
 * service differs. A KPI's stored measurements are its service's figures, so each check of such a
 * move (the new service's start here, closed periods in the API's section rules) starts from these.
 *
 * @param before - the `kpis` section as stored
 * @param after - the `kpis` section as written (entries that are not objects are skipped)
 * @returns the codes of the moved KPIs
 */
export function movedKpis(before: unknown, after: unknown): ReadonlySet<unknown> {
  const was = servicesOf(before);
  return new Set(
    [...servicesOf(after)].filter(([code, service]) => was.has(code) && was.get(code) !== service).map(([c]) => c),
  );
}

/**
 * The stored measurements a kpis write would date before their service's start: a measurement is
 * its KPI's service's figure, checked against that service's start when written
 * ({@link rowsBeforeStart}); a write that moves a KPI to another service re-checks the KPI's stored
 * measurements against the new service's start, as the reports would then read them.
 *
 * @param before - the stored sections (their `kpis`: the services the measurements were checked against)
 * @param document - the scenario document with the KPIs as written and the stored measurements
 * @param services - the partnership's services, with their starts
 * @returns one issue per measurement of a moved KPI, at `measurements[i].period`
 */
export function measurementsOfMovedKpis(
  before: StoredSections,
  document: Loose,
  services: readonly Service[],
): RowIssue[] {
  const moved = movedKpis(before.kpis, document.kpis);
  if (moved.size === 0) return [];
  const measurements = Array.isArray(document.measurements) ? (document.measurements as unknown[]) : [];
  const ofMoved = (field: string) => {
    const i = Number(/^measurements\[(\d+)\]/.exec(field)?.[1]);
    const m = measurements[i];
    return typeof m === "object" && m !== null && moved.has((m as Loose).kpi);
  };
  return rowsBeforeStart("measurements", document, services).filter((issue) => ofMoved(issue.field));
}
