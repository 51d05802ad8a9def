import { parsePeriod, SECTION_SHEETS, type SectionSheet } from "@3c/domain";
import type { RowIssue } from "../StoreError.js";
import type { SectionName, StoredSections } from "../sections.js";

/** The kinds of item kept inside the scenario sections, by their name in URLs. */
export const SECTION_ITEM_KIND_NAMES = [
  "budgets",
  "baselines",
  "one-offs",
  "kpis",
  "kpi-targets",
  "measurements",
  "outages",
  "calendars",
] as const;

/** A section item kind's name. */
export type SectionItemKindName = (typeof SECTION_ITEM_KIND_NAMES)[number];

/** An item as the API shows it: its id, then its fields exactly as in the scenario document. */
export type SectionItemDocument = { readonly id: string } & Readonly<Record<string, unknown>>;

/** The filters a listing of section items may take; each kind has those that fit it. */
export type SectionItemFilterName = "service" | "partner" | "kpi" | "period";

type Json = Readonly<Record<string, unknown>>;

/** One item of a section, where it is and what it concerns (for filters). */
export interface SectionItemEntry {
  readonly id: string;
  /** Its place in the scenario document, e.g. `savings.baselines[2]` or `kpis[0].targets[1]`. */
  readonly path: string;
  readonly view: SectionItemDocument;
  readonly services: readonly string[];
  readonly partners: readonly string[];
  readonly kpi?: string;
  /** The dates it is a figure of, [start, end). */
  readonly span?: { readonly start: string; readonly end: string };
}

/** New items placed in their section: the section's new value and where each item went. */
export interface Placement {
  readonly body: unknown;
  /** Document path of each placed item, by its index in the request. */
  readonly paths: ReadonlyMap<number, string>;
  /** Items that could not be placed (a KPI target of an unknown KPI). */
  readonly issues: readonly RowIssue[];
}

/** How one kind of item is found in, identified in and added to its section. */
export interface SectionItemKind {
  readonly name: SectionItemKindName;
  /** Singular, for messages. */
  readonly label: string;
  readonly section: SectionName;
  /** The sheet (and CSV layout) of the kind: the domain's {@link SECTION_SHEETS} entry. */
  readonly sheet: SectionSheet;
  /** The filters that fit the kind. */
  readonly filters: readonly SectionItemFilterName[];
  /** The field a duplicate is reported at: the id's own field, or the whole item for a composite key. */
  readonly keyField: string;
  /**
   * The field a refusal for a closed period is reported at, for dated kinds: the item's date (a
   * KPI target's `effectiveFrom`, or its `year` when it is given by one).
   */
  datedField?(item: unknown): string;
  /** The fields the id is made of, in the id's order (a target's `effectiveFrom` may be given by `year`). */
  readonly keyFields: readonly string[];
  /** The item's id, from its natural key; undefined when the key's fields are missing or malformed. */
  idOf(item: Json): string | undefined;
  /** Every stored item of the kind, in document order. */
  entries(sections: StoredSections): SectionItemEntry[];
  /** The section with the items appended (each as given, by its index in the request). */
  place(sections: StoredSections, items: readonly { readonly index: number; readonly item: Json }[]): Placement;
  /**
   * The section with the stored item at `path` (an entry's) replaced by `item`, or removed when it
   * is undefined; a KPI given without `targets` keeps its stored ones (they are items of their own).
   */
  replace(sections: StoredSections, path: string, item: Json | undefined): unknown;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A period's canonical name in an id: `2024/25-Q1` → `2024-25-Q1` (slashes would need escaping in URLs). */
function periodKey(name: unknown): string | undefined {
  const span = periodSpan(name);
  return span?.name.replace("/", "-");
}

function periodSpan(name: unknown): { name: string; start: string; end: string } | undefined {
  if (typeof name !== "string") return undefined;
  try {
    const p = parsePeriod(name);
    return { name: p.name, start: p.start, end: p.end };
  } catch {
    return undefined; // not a period: the domain's validation says so
  }
}

/** The day an instant is written in (its local date) and the day after. */
function daySpan(instant: unknown): { start: string; end: string } | undefined {
  const day = typeof instant === "string" ? /^(\d{4}-\d{2}-\d{2})T/.exec(instant)?.[1] : undefined;
  if (day === undefined) return undefined;
  const end = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(end.getTime())) return undefined;
  end.setUTCDate(end.getUTCDate() + 1);
  return { start: day, end: end.toISOString().slice(0, 10) };
}

const joined = (...parts: (string | undefined)[]): string | undefined =>
  parts.some((p) => p === undefined || p === "") ? undefined : parts.join(".");

function sheet(path: string): SectionSheet {
  const found = SECTION_SHEETS.find((s) => s.path === path);
  if (found === undefined) throw new Error(`no section sheet for ${path}`);
  return found;
}

/** What a list kind reads from one item for filters. */
interface Facts {
  readonly services?: (item: Json, sections: StoredSections) => string[];
  readonly partners?: (item: Json) => string[];
  readonly kpi?: (item: Json) => string | undefined;
  readonly span?: (item: Json) => { start: string; end: string } | undefined;
}

const kpiServiceMaps = new WeakMap<StoredSections, ReadonlyMap<string | undefined, string | undefined>>();

/** The KPI code → service map of the stored KPIs, made once per set of sections (read for every measurement). */
export const kpiServices = (sections: StoredSections): ReadonlyMap<string | undefined, string | undefined> => {
  let map = kpiServiceMaps.get(sections);
  if (map === undefined) {
    map = new Map(list(sections.kpis).flatMap((k) => (isObject(k) ? [[str(k.code), str(k.service)] as const] : [])));
    kpiServiceMaps.set(sections, map);
  }
  return map;
};

/** A kind whose items are the elements of one list in a section (`budgets`, `savings.baselines`...). */
function listKind(spec: {
  name: SectionItemKindName;
  label: string;
  path: string;
  keyField: string;
  keyFields: readonly string[];
  datedField?: string;
  idOf: (item: Json) => string | undefined;
  facts: Facts;
  /** Fills what the kind's sheet keeps elsewhere (a KPI's targets, on their own resource). */
  complete?: (item: Json) => Json;
  /** As `complete`, for an item replacing a stored one: what the sheet keeps elsewhere is kept. */
  keep?: (stored: Json, item: Json) => Json;
}): SectionItemKind {
  const [section, field] = spec.path.split(".") as [SectionName, string | undefined];
  const read = (sections: StoredSections): unknown[] => {
    const value: unknown = sections[section];
    return list(field === undefined ? value : isObject(value) ? value[field] : undefined);
  };
  const filters: SectionItemFilterName[] = [];
  if (spec.facts.services !== undefined) filters.push("service");
  if (spec.facts.partners !== undefined) filters.push("partner");
  if (spec.facts.kpi !== undefined) filters.push("kpi");
  if (spec.facts.span !== undefined) filters.push("period");
  return {
    name: spec.name,
    label: spec.label,
    section,
    sheet: sheet(spec.path),
    filters,
    keyField: spec.keyField,
    keyFields: spec.keyFields,
    ...(spec.datedField === undefined ? {} : { datedField: () => spec.datedField as string }),
    idOf: spec.idOf,
    entries(sections) {
      return read(sections).flatMap((item, i): SectionItemEntry[] => {
        const id = isObject(item) ? spec.idOf(item) : undefined;
        if (!isObject(item) || id === undefined) return [];
        const kpi = spec.facts.kpi?.(item);
        const span = spec.facts.span?.(item);
        return [
          {
            id,
            path: `${spec.path}[${i}]`,
            view: { id, ...item },
            services: spec.facts.services?.(item, sections) ?? [],
            partners: spec.facts.partners?.(item) ?? [],
            ...(kpi === undefined ? {} : { kpi }),
            ...(span === undefined ? {} : { span }),
          },
        ];
      });
    },
    place(sections, items) {
      const current = read(sections);
      const paths = new Map(items.map(({ index }, k) => [index, `${spec.path}[${current.length + k}]`]));
      const appended = [...current, ...items.map(({ item }) => spec.complete?.(item) ?? item)];
      const stored: unknown = sections[section];
      const body = field === undefined ? appended : { ...(isObject(stored) ? stored : {}), [field]: appended };
      return { body, paths, issues: [] };
    },
    replace(sections, path, item) {
      const at = indexAt(path);
      const current = read(sections);
      const old = current[at];
      const value = item === undefined ? [] : [isObject(old) && spec.keep !== undefined ? spec.keep(old, item) : item];
      const changed = [...current.slice(0, at), ...value, ...current.slice(at + 1)];
      const stored: unknown = sections[section];
      return field === undefined ? changed : { ...(isObject(stored) ? stored : {}), [field]: changed };
    },
  };
}

/** The index of an entry's path's last list element: `kpis[2].targets[5]` → 5. */
function indexAt(path: string): number {
  return Number(/\[(\d+)\]$/.exec(path)?.[1] ?? Number.NaN);
}

const byService = (item: Json) => strings([item.service]);
const byServices = (item: Json) => strings(item.services);
const yearSpan = (item: Json) => periodSpan(item.year);

/** KPI targets: the elements of every KPI's `targets`, each named by its KPI's code. */
const kpiTargets: SectionItemKind = (() => {
  const effective = (target: Json): string | undefined =>
    str(target.effectiveFrom) ?? (target.year === undefined ? undefined : periodSpan(target.year)?.start);
  const idOf = (item: Json) => joined(str(item.kpi), effective(item));
  return {
    name: "kpi-targets",
    label: "KPI target",
    section: "kpis",
    sheet: sheet("kpis[].targets"),
    filters: ["service", "kpi"],
    keyField: "",
    keyFields: ["kpi", "effectiveFrom", "year"],
    datedField: (item) =>
      isObject(item) && item.effectiveFrom === undefined && item.year !== undefined ? "year" : "effectiveFrom",
    idOf,
    entries(sections) {
      return list(sections.kpis).flatMap((k, i) => {
        if (!isObject(k)) return [];
        const code = str(k.code);
        return list(k.targets).flatMap((t, j): SectionItemEntry[] => {
          const id = isObject(t) ? idOf({ ...t, kpi: code }) : undefined;
          if (!isObject(t) || id === undefined || code === undefined) return [];
          return [
            {
              id,
              path: `kpis[${i}].targets[${j}]`,
              view: { id, kpi: code, ...t },
              services: strings([k.service]),
              partners: [],
              kpi: code,
            },
          ];
        });
      });
    },
    place(sections, items) {
      const kpis = list(sections.kpis).map((k) => (isObject(k) ? { ...k, targets: [...list(k.targets)] } : k));
      const paths = new Map<number, string>();
      const issues: RowIssue[] = [];
      for (const { index, item } of items) {
        const { kpi, ...target } = item;
        const at = kpis.findIndex((k) => isObject(k) && k.code === kpi);
        const owner = kpis[at] as { targets: unknown[] } | undefined;
        if (owner === undefined) {
          issues.push({
            index,
            field: "kpi",
            message:
              kpi === undefined
                ? "is required: the code of the KPI the target is of"
                : `no KPI ${JSON.stringify(kpi)} is stored; add the KPI first`,
          });
          continue;
        }
        paths.set(index, `kpis[${at}].targets[${owner.targets.length}]`);
        owner.targets.push(target);
      }
      return { body: kpis, paths, issues };
    },
    replace(sections, path, item) {
      const [, k] = /^kpis\[(\d+)\]/.exec(path) ?? [];
      const at = indexAt(path);
      return list(sections.kpis).map((owner, i) => {
        if (i !== Number(k) || !isObject(owner)) return owner;
        const targets = list(owner.targets);
        const { kpi: _, ...target } = item ?? {};
        const value = item === undefined ? [] : [target];
        return { ...owner, targets: [...targets.slice(0, at), ...value, ...targets.slice(at + 1)] };
      });
    },
  };
})();

const KINDS: Readonly<Record<SectionItemKindName, SectionItemKind>> = {
  budgets: listKind({
    name: "budgets",
    label: "budget",
    path: "budgets",
    keyField: "",
    keyFields: ["service", "pool", "year"],
    datedField: "year",
    idOf: (b) => joined(str(b.service), str(b.pool), periodKey(b.year)),
    facts: { services: byService, span: yearSpan },
  }),
  baselines: listKind({
    name: "baselines",
    label: "savings baseline",
    path: "savings.baselines",
    keyField: "",
    keyFields: ["partner", "service"],
    idOf: (b) => joined(str(b.partner), str(b.service)),
    facts: { services: byService, partners: (b) => strings([b.partner]) },
  }),
  "one-offs": listKind({
    name: "one-offs",
    label: "one-off item",
    path: "savings.oneOffs",
    keyField: "id",
    keyFields: ["id"],
    datedField: "year",
    idOf: (o) => joined(str(o.id)),
    facts: { services: byService, span: yearSpan },
  }),
  kpis: listKind({
    name: "kpis",
    label: "KPI",
    path: "kpis",
    keyField: "code",
    keyFields: ["code"],
    idOf: (k) => joined(str(k.code)),
    facts: { services: byService, kpi: (k) => str(k.code) },
    // Targets are items of their own (kpi-targets), as on the workbook's sheet "KPI targets".
    complete: (k) => (k.targets === undefined ? { ...k, targets: [] } : k),
    keep: (stored, k) => (k.targets === undefined ? { ...k, targets: list(stored.targets) } : k),
  }),
  "kpi-targets": kpiTargets,
  measurements: listKind({
    name: "measurements",
    label: "measurement",
    path: "measurements",
    keyField: "",
    keyFields: ["kpi", "period", "partner"],
    datedField: "period",
    idOf: (m) => joined(str(m.kpi), periodKey(m.period), m.partner === undefined ? "all" : str(m.partner)),
    facts: {
      services: (m, sections) => strings([kpiServices(sections).get(str(m.kpi))]),
      partners: (m) => strings([m.partner]),
      kpi: (m) => str(m.kpi),
      span: (m) => periodSpan(m.period),
    },
  }),
  outages: listKind({
    name: "outages",
    label: "outage",
    path: "outages",
    keyField: "id",
    keyFields: ["id"],
    datedField: "start",
    idOf: (o) => joined(str(o.id)),
    facts: {
      services: byServices,
      partners: (o) => list(o.partners).flatMap((p) => (isObject(p) ? strings([p.partner]) : [])),
      span: (o) => daySpan(o.start),
    },
  }),
  calendars: listKind({
    name: "calendars",
    label: "calendar",
    path: "calendars",
    keyField: "id",
    keyFields: ["id"],
    idOf: (c) => joined(str(c.id)),
    facts: { services: byServices },
  }),
};

/**
 * The definition of a section item kind: its section, sheet (CSV layout), id and filters.
 *
 * @param name - the kind's name
 * @returns its definition
 * @example sectionItemKind("measurements").idOf({ kpi: "ICT-KPI-1", period: "2024/25-Q1" }) // "ICT-KPI-1.2024-25-Q1.all"
 */
export function sectionItemKind(name: SectionItemKindName): SectionItemKind {
  return KINDS[name];
}
