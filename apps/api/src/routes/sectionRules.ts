import { canonicalJson } from "@3c/domain";
import type { ApiKey, RowIssue, SectionName, Service, StoredSections } from "@3c/store";

/** What a part of a section concerns: some services, or the whole partnership. */
type Scope = readonly string[] | "partnership";

/** One part of a section: an item of one of its lists, or one partnership-wide setting. */
interface Part {
  /** Where it is in the section, e.g. `budgets[3]` or `savings.rounding`. */
  readonly path: string;
  /** Its content, canonical, to compare the new section with the stored one. */
  readonly key: string;
  readonly scope: Scope;
}

type Json = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);

/** The parts of one list: each item, scoped by what `scopeOf` reads from it. */
function items(path: string, list: unknown, scopeOf: (item: Json) => Scope): Part[] {
  if (!Array.isArray(list))
    return list === undefined ? [] : [{ path, key: `${path}=${canonicalJson(list)}`, scope: "partnership" }];
  return list.map((item, i) => ({
    path: `${path}[${i}]`,
    key: `${path}[]=${canonicalJson(item)}`,
    scope: isObject(item) ? scopeOf(item) : "partnership",
  }));
}

/** The parts of an object section: its lists item by item, every other field partnership-wide. */
function fields(path: string, value: unknown, lists: Record<string, (item: Json) => Scope>, byKey?: string): Part[] {
  if (!isObject(value)) return value === undefined ? [] : [{ path, key: canonicalJson(value), scope: "partnership" }];
  return Object.entries(value).flatMap(([name, v]): Part[] => {
    const scopeOf = lists[name];
    if (scopeOf !== undefined) return items(`${path}.${name}`, v, scopeOf);
    if (name === byKey && isObject(v))
      // A map keyed by service id (availability's KPI of each service): each entry is that service's.
      return Object.entries(v).map(([service, x]) => ({
        path: `${path}.${name}.${service}`,
        key: `${path}.${name}.${service}=${canonicalJson(x)}`,
        scope: [service],
      }));
    return [{ path: `${path}.${name}`, key: `${path}.${name}=${canonicalJson(v)}`, scope: "partnership" }];
  });
}

/**
 * A section split into the parts that belong to services and the parts that concern the whole
 * partnership. Budgets, KPIs, calendars and outages name their services; a measurement and an
 * incident target belong to their KPI's service; savings baselines, contributions and service
 * targets name a service, a one-off cost names one or concerns everyone; indices, rounding,
 * attribution, the target, the RAG scheme, outage-cost settings and availability settings concern
 * the partnership.
 */
function partsOf(section: SectionName, body: unknown, kpiService: ReadonlyMap<string, string>): Part[] {
  const service = (item: Json): Scope => strings([item.service]);
  const kpi = (item: Json): Scope => strings([item.service ?? kpiService.get(str(item.kpi) ?? "")]);
  switch (section) {
    case "budgets":
    case "kpis":
      return items(section, body, service);
    case "measurements":
      return items(section, body, kpi);
    case "calendars":
    case "outages":
      return items(section, body, (item) => strings(item.services));
    case "savings":
      return fields(section, body, {
        baselines: service,
        contributions: service,
        serviceTargets: service,
        oneOffs: (item) => (item.service === undefined ? "partnership" : service(item)),
      });
    case "availability":
      return fields(section, body, { incidentTargets: kpi }, "kpis");
    case "kpiScheme":
    case "outageCost":
      return body === undefined ? [] : [{ path: section, key: canonicalJson(body), scope: "partnership" }];
  }
}

/** The parts of `after` not in `before`, and of `before` not in `after` (as multisets of content). */
function changed(before: readonly Part[], after: readonly Part[]): { part: Part; removed: boolean }[] {
  const left = new Map<string, Part[]>();
  for (const p of before) left.set(p.key, [...(left.get(p.key) ?? []), p]);
  const added: Part[] = [];
  for (const p of after) {
    const same = left.get(p.key);
    if (same !== undefined && same.length > 0) same.pop();
    else added.push(p);
  }
  return [
    ...added.map((part) => ({ part, removed: false })),
    ...[...left.values()].flat().map((part) => ({ part, removed: true })),
  ];
}

/**
 * Who may replace a scenario section, part by part, within the `write:sections` permission. A part
 * that belongs to services (a budget line, a KPI and its measurements, a calendar, an outage, a
 * savings baseline...) is written by the finance users of the lead of every service it names; a
 * part that concerns the whole partnership (the RAG scheme, savings indices and attribution, a
 * one-off cost without a service, outage-cost and availability settings) by an admin, or by the
 * finance users of a partner that leads every service. Only what changes is checked: the parts
 * added, and those removed or replaced, compared by content with the stored section; a service no
 * one leads (unknown: the domain's validation refuses it) imposes nothing here.
 *
 * @param section - the section
 * @param body - its new value, as sent
 * @param key - the writer's key
 * @param services - the partnership's services
 * @returns the check the store applies to the stored sections, in the write's transaction: the
 *   parts refused, each with its path and the reason, or none
 */
export function sectionRule(
  section: SectionName,
  body: unknown,
  key: ApiKey,
  services: readonly Service[],
): (before: StoredSections) => RowIssue[] {
  const lead = new Map(services.map((s) => [s.id, s.lead]));
  const leadsAll = services.length > 0 && services.every((s) => s.lead === key.partner);
  return (before) => {
    // Measurements and incident targets belong to their KPI's service, as the stored KPIs say.
    const kpiService = new Map((before.kpis ?? []).map((k) => [k.code, k.service]));
    const issues: RowIssue[] = [];
    for (const { part, removed } of changed(
      partsOf(section, before[section], kpiService),
      partsOf(section, body, kpiService),
    )) {
      const what = removed ? `${part.path} of the stored section (removed or replaced)` : part.path;
      if (part.scope === "partnership") {
        if (key.role !== "admin" && !(key.role === "finance" && leadsAll))
          issues.push({
            field: part.path,
            message: `${what} concerns the whole partnership: it is changed by an admin, or by the finance users of a partner that leads every service`,
          });
        continue;
      }
      const others = [...new Set(part.scope)].filter((s) => lead.has(s) && lead.get(s) !== key.partner);
      if (key.role !== "finance" || others.length > 0) {
        const named = (others.length > 0 ? others : part.scope).map((s) => `${s} (led by ${lead.get(s) ?? "no one"})`);
        if (named.length === 0) named.push("a service");
        issues.push({
          field: part.path,
          message: `${what} belongs to ${named.join(", ")}: only the finance users of a service's lead change its part`,
        });
      }
    }
    return issues;
  };
}
