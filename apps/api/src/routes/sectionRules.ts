import {
  bankHolidayCounts,
  type CalendarHours,
  calendarHoursKey,
  canonicalJson,
  isCalendarDate,
  KPI_FIGURE_FIELDS,
  type KpiName,
  kpiEndDay,
  kpiFirstDay,
  kpiNameFor,
  parsePeriod,
} from "@3c/domain";
import {
  type ApiKey,
  type DateSpan,
  leadsWithin,
  movedKpis,
  type RowIssue,
  reportedSpan,
  type SectionName,
  type SectionWriteOptions,
  type Service,
  type StoredSections,
  type TermsRecord,
} from "@3c/store";
import { BEGINNING, FOREVER, laterDay, overlap } from "./dateSpans.js";
import { outageLogSpans } from "./outageLogSpans.js";

/** What a part of a section concerns: some services, or the whole partnership. */
type Scope = readonly string[] | "partnership";

/** One part of a section: an item of one of its lists, or one partnership-wide setting. */
interface Part {
  /** Where it is in the section, e.g. `budgets[3]` or `savings.rounding`. */
  readonly path: string;
  /** Its content, canonical, to compare the new section with the stored one. */
  readonly key: string;
  readonly scope: Scope;
  /** When it is dated: the period (or day) it is a figure of. */
  readonly span?: DateSpan;
  /** Its content, as written (an item, or a map's entry). */
  readonly value?: unknown;
}

type Json = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);

/** The parts of one list: each item, scoped by what `scopeOf` reads from it. */
function items(path: string, list: unknown, scopeOf: (item: Json) => Scope, dated?: (item: Json) => unknown): Part[] {
  if (!Array.isArray(list))
    return list === undefined ? [] : [{ path, key: `${path}=${canonicalJson(list)}`, scope: "partnership" }];
  return list.map((item, i) => {
    const span = isObject(item) && dated !== undefined ? spanOf(dated(item)) : undefined;
    return {
      path: `${path}[${i}]`,
      key: `${path}[]=${canonicalJson(item)}`,
      scope: isObject(item) ? scopeOf(item) : "partnership",
      value: item,
      ...(span === undefined ? {} : { span }),
    };
  });
}

/**
 * The span of a period name (`2024/25`, `2024/25-Q1`...), of a date's day, or of an instant's UTC
 * day and the day after: UK time is UTC or an hour ahead, so the instant's local day is one of the
 * two, and a closed period on either side of midnight refuses it.
 */
function spanOf(when: unknown): DateSpan | undefined {
  if (typeof when !== "string") return undefined;
  const [, day, instant] = /^(\d{4}-\d{2}-\d{2})(T)?/.exec(when) ?? [];
  if (day !== undefined) {
    const end = new Date(`${day}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + (instant === undefined ? 1 : 2));
    return { start: day, end: end.toISOString().slice(0, 10) };
  }
  try {
    const p = parsePeriod(when);
    return { start: p.start, end: p.end };
  } catch {
    return undefined; // not a period: the domain's validation says so
  }
}

/** The parts of an object section: its lists item by item, every other field partnership-wide. */
function fields(
  path: string,
  value: unknown,
  lists: Record<string, (item: Json) => Scope>,
  byKey?: string,
  dated: Record<string, (item: Json) => unknown> = {},
): Part[] {
  if (!isObject(value)) return value === undefined ? [] : [{ path, key: canonicalJson(value), scope: "partnership" }];
  return Object.entries(value).flatMap(([name, v]): Part[] => {
    const scopeOf = lists[name];
    if (scopeOf !== undefined) return items(`${path}.${name}`, v, scopeOf, dated[name]);
    if (name === byKey && isObject(v))
      // A map keyed by service id (availability's KPI of each service): each entry is that service's.
      return Object.entries(v).map(([service, x]) => ({
        path: `${path}.${name}.${service}`,
        key: `${path}.${name}.${service}=${canonicalJson(x)}`,
        scope: [service],
        value: x,
      }));
    return [{ path: `${path}.${name}`, key: `${path}.${name}=${canonicalJson(v)}`, scope: "partnership" }];
  });
}

/** How an object section divides: its lists (each item scoped), a map keyed by service, dated lists. */
interface ObjectSection {
  readonly lists: Record<string, (item: Json) => Scope>;
  readonly byKey?: string;
  readonly dated?: Record<string, (item: Json) => unknown>;
}

/** The lists of the two object sections, savings and availability; every other field is partnership-wide. */
function objectSection(section: "savings" | "availability", kpiService: ReadonlyMap<string, string>): ObjectSection {
  const service = (item: Json): Scope => strings([item.service]);
  if (section === "availability")
    return {
      lists: { incidentTargets: (item) => strings([item.service ?? kpiService.get(str(item.kpi) ?? "")]) },
      byKey: "kpis",
    };
  return {
    lists: {
      baselines: service,
      contributions: service,
      serviceTargets: service,
      oneOffs: (item) => (item.service === undefined ? "partnership" : service(item)),
    },
    dated: { contributions: (item) => item.year, oneOffs: (item) => item.year },
  };
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
      return items(section, body, service, (item) => item.year);
    case "kpis":
      return items(section, body, service);
    case "measurements":
      return items(section, body, kpi, (item) => item.period);
    case "calendars":
      return items(section, body, (item) => strings(item.services));
    case "outages":
      return items(
        section,
        body,
        (item) => strings(item.services),
        (item) => item.start,
      );
    case "savings":
    case "availability": {
      const spec = objectSection(section, kpiService);
      return fields(section, body, spec.lists, spec.byKey, spec.dated);
    }
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

/** The parts of a section that a write changes, against the stored sections. */
function changedParts(section: SectionName, body: unknown, before: StoredSections) {
  // Measurements and incident targets belong to their KPI's service, as the stored KPIs say.
  const kpiService = new Map((before.kpis ?? []).map((k) => [k.code, k.service]));
  return changed(partsOf(section, before[section], kpiService), partsOf(section, body, kpiService));
}

/**
 * The dates a section write changes figures of, for the store's closed-period check: the period
 * of each measurement, the year of each budget, savings contribution and one-off cost, and the
 * day each outage started — of the parts added, and of those removed or replaced; the years whose
 * scorecards a KPI added, removed, moved to another service or given another `from` is (or was) in
 * (from its `from`), and those that print a KPI field changed or read its figures by one; the days
 * from which a KPI's target, or a calendar's hours, change; the years whose reports a service
 * joining or leaving the calendars is in; and the parts of those whose scorecards a service's
 * availability KPI or incident target feeds from the outage log (from its `loggedFrom`).
 *
 * @param section - the section
 * @param body - its new value, as sent
 * @returns given the stored sections, the services (with their starts) and the partnership's
 *   recorded terms, each changed dated part's path and span
 */
export function sectionSpans(
  section: SectionName,
  body: unknown,
): (
  before: StoredSections,
  services: readonly Service[],
  terms?: readonly TermsRecord[],
) => { readonly field: string; readonly span: DateSpan }[] {
  return (before, services, terms = []) => {
    const reported = reportedSpans(services);
    return [
      ...changedParts(section, body, before).flatMap(({ part }) =>
        part.span === undefined ? [] : [{ field: part.path, span: part.span }],
      ),
      ...(section === "kpis" ? kpiPresenceSpans(body, before.kpis, reported) : []),
      ...(section === "kpis" ? kpiTargetSpans(body, before.kpis) : []),
      ...(section === "kpis" ? kpiRatingSpans(body, before, reported, terms) : []),
      ...(section === "kpis" ? kpiNameSpans(body, before.kpis, reported) : []),
      ...(section === "calendars" ? calendarSpans(body, before.calendars, reported) : []),
      ...(section === "availability" ? availabilityKpiSpans(body, before, reported, terms) : []),
    ];
  };
}

/**
 * Where the scorecards a changed service part of availability feeds read it: a service's
 * availability KPI (`availability.kpis.<service>`) and an incident target are measured from the
 * outage log, so adding, removing or replacing one adds, removes or changes the figures of the KPI
 * it names (as stored, and as written) in the years the service and that KPI are both reported in
 * — but only from the quarter the log is complete (`loggedFrom`, as in force each year:
 * {@link outageLogSpans}); earlier quarters get no reading either way. Each at the part's path.
 * (The partnership-wide settings are terms, in force from a year.)
 */
function availabilityKpiSpans(
  body: unknown,
  before: StoredSections,
  reported: Reported,
  terms: readonly TermsRecord[],
) {
  const kpis = new Map<unknown, Json>((before.kpis ?? []).filter(isObject).map((k) => [k.code, k as Json]));
  // The KPI a part feeds: the map's value, or an incident target's `kpi`.
  const fed = (value: unknown): unknown => (isObject(value) ? value.kpi : value);
  return changedParts("availability", body, before).flatMap(({ part }) =>
    part.scope === "partnership"
      ? []
      : part.scope.flatMap((service) => {
          const years = reported(service);
          const kpi = kpis.get(fed(part.value));
          // (Validation came first: the KPI is stored; its service's years stand for it otherwise.)
          const shown = years === undefined || kpi === undefined ? years : overlap(years, kpiYears(kpi, reported));
          return shown === undefined
            ? []
            : outageLogSpans(shown, before.availability, terms).map((span) => ({ field: part.path, span }));
        }),
  );
}

/** The span of the years whose reports show each service, by id (see the store's `reportedSpan`). */
type Reported = (service: unknown) => DateSpan | undefined;

function reportedSpans(services: readonly Service[]): Reported {
  const byId = new Map(services.map((s) => [s.id, reportedSpan(s)]));
  return (service) => (typeof service === "string" ? byId.get(service) : undefined);
}

/** One calendar as written, read for the days its hours are in force. */
interface WrittenCalendar {
  /** Its index in the section. */
  readonly index: number;
  readonly services: readonly string[];
  /**
   * Each version: from when (BEGINNING for the first), what of its hours counts in figures (the
   * domain's `calendarHoursKey`), and whether a day is a bank holiday that takes time out.
   */
  readonly versions: readonly {
    readonly from: string;
    readonly hours: string;
    readonly holidays: readonly string[];
    readonly closes: (day: string) => boolean;
  }[];
}

/**
 * A version's hours as the domain counts them. The store runs the closed-period check on a valid
 * section only (validation comes first), so the version has the shape of hours: decision 141's raw
 * comparison of shapes the domain would refuse is no longer needed.
 */
function versionOf(v: Json, from: string): WrittenCalendar["versions"][number] {
  const { effectiveFrom: _f, id: _i, services: _s, changes: _c, ...rest } = v;
  const holidays = strings(rest.bankHolidays);
  const hours = rest as unknown as CalendarHours;
  return {
    from,
    hours: calendarHoursKey(hours),
    holidays,
    closes: (day) => isCalendarDate(day) && bankHolidayCounts(hours, day),
  };
}

function writtenCalendars(list: unknown): { byId: Map<string, WrittenCalendar>; byService: Map<string, string> } {
  const byId = new Map<string, WrittenCalendar>();
  const byService = new Map<string, string>();
  (Array.isArray(list) ? (list as unknown[]) : []).forEach((c, index) => {
    const id = isObject(c) ? str(c.id) : undefined;
    if (!isObject(c) || id === undefined || byId.has(id)) return;
    const changes = (Array.isArray(c.changes) ? (c.changes as unknown[]) : []).filter(isObject);
    byId.set(id, {
      index,
      services: strings(c.services),
      versions: [versionOf(c, BEGINNING), ...changes.map((v) => versionOf(v, str(v.effectiveFrom) ?? FOREVER))],
    });
    for (const service of strings(c.services)) if (!byService.has(service)) byService.set(service, id);
  });
  return { byId, byService };
}

/**
 * Which of some dated versions is in force on a day: the latest from that day or before (of two
 * from one day, the later listed), or undefined when none has begun — the rule by which calendars'
 * hours and KPIs' targets are in force.
 */
function inForceOn<T extends { readonly from: string }>(versions: readonly T[], day: string): T | undefined {
  return versions.reduce<T | undefined>(
    (found, v) => (v.from <= day && v.from >= (found?.from ?? "") ? v : found),
    undefined,
  );
}

/** The index of a calendar's version in force on a day (its first hours are in force from the beginning). */
function versionOn(calendar: WrittenCalendar, day: string): number {
  const v = inForceOn(calendar.versions, day);
  return v === undefined ? 0 : calendar.versions.indexOf(v);
}

/**
 * The first day on which two calendars' hours differ (their hours in force as they count, or
 * whether the day is a bank holiday on a day served), or undefined when they agree on every day.
 * Nothing changes between the days where a version begins or a bank holiday falls, so only those
 * are compared; what changes no figure (the order of the weekdays, the default zone written out, a
 * bank holiday on a day not served) is no difference.
 */
function firstDifference(a: WrittenCalendar, b: WrittenCalendar): string | undefined {
  const days = new Set<string>();
  for (const c of [a, b]) for (const v of c.versions) for (const day of [v.from, ...v.holidays]) days.add(day);
  for (const day of [...days].sort()) {
    const va = a.versions[versionOn(a, day)];
    const vb = b.versions[versionOn(b, day)];
    if (va?.hours !== vb?.hours || va?.closes(day) !== vb?.closes(day)) return day;
  }
  return undefined;
}

/** Where in the section a calendar's version in force on a day is written. */
function versionPath(calendar: WrittenCalendar, day: string): string {
  const k = versionOn(calendar, day);
  return k === 0 ? `calendars[${calendar.index}]` : `calendars[${calendar.index}].changes[${k - 1}]`;
}

/** Where a service is listed in a calendar: `calendars[i].services[k]`. */
const servicePath = (calendar: WrittenCalendar, service: string) =>
  `calendars[${calendar.index}].services[${calendar.services.indexOf(service)}]`;

/**
 * The days from which a calendars write changes figures. A calendar's hours (which outage costing
 * may read) and the hours a service is agreed change from the first day the hours in force differ,
 * for good: a change of hours from an open period's day leaves closed periods alone; changing or
 * removing the hours in force in a closed period (an undated calendar's are in force from the
 * beginning) is refused, at the path of the version written (or stored, when removed) in force on
 * that day. A service moved to a calendar of other hours changes its figures from that day, but
 * not before the years its reports begin. A service joining the calendars gains an availability
 * row (and its outages' cost) in the annual report of every year it is reported in, and one
 * leaving loses it: dated by those years, so a service that starts in an open year gets or loses
 * its calendar freely. Each at the service's place in the calendar written (or stored, when it
 * leaves).
 */
function calendarSpans(
  body: unknown,
  stored: unknown,
  reported: Reported,
): { readonly field: string; readonly span: DateSpan }[] {
  const was = writtenCalendars(stored);
  const now = writtenCalendars(body);
  const out: { field: string; span: DateSpan }[] = [];
  for (const [id, after] of now.byId) {
    const before = was.byId.get(id);
    const day = before === undefined ? undefined : firstDifference(before, after);
    if (day !== undefined) out.push({ field: versionPath(after, day), span: { start: day, end: FOREVER } });
  }
  for (const [service, id] of now.byService) {
    const old = was.byService.get(service);
    const years = reported(service);
    const after = now.byId.get(id);
    if (old === id || years === undefined || after === undefined) continue;
    const before = old === undefined ? undefined : was.byId.get(old);
    const day = before === undefined ? years.start : firstDifference(before, after);
    if (day !== undefined)
      out.push({
        field: servicePath(after, service),
        span: { start: laterDay(day, years.start), end: FOREVER },
      });
  }
  for (const [service, id] of was.byService) {
    const years = reported(service);
    const before = was.byId.get(id);
    if (!now.byService.has(service) && years !== undefined && before !== undefined)
      out.push({ field: servicePath(before, service), span: years });
  }
  return out;
}

/**
 * The days from which a kpis write changes the target a KPI is rated against: for each KPI stored
 * and written, from the first day on which the target in force (the latest from that day or
 * before: its `effectiveFrom`, or its `year`'s first day) differs, for good. So replacing,
 * removing or adding a target in force in a closed period is refused, and one from an open year is
 * not. Each at the path of the target written that is in force on that day (the KPI's `targets`
 * when none is).
 */
function kpiTargetSpans(body: unknown, stored: unknown): { readonly field: string; readonly span: DateSpan }[] {
  const targetsOf = (k: Json) =>
    (Array.isArray(k.targets) ? (k.targets as unknown[]) : []).flatMap((t, at) => {
      if (!isObject(t)) return [];
      const { effectiveFrom, year, ...rest } = t;
      const from = str(effectiveFrom) ?? spanOf(year)?.start;
      return from === undefined ? [] : [{ from, key: canonicalJson(rest), at }];
    });
  const was = new Map(
    (Array.isArray(stored) ? (stored as unknown[]) : []).filter(isObject).map((k) => [k.code, targetsOf(k)] as const),
  );
  return (Array.isArray(body) ? (body as unknown[]) : []).flatMap((k, i) => {
    const before = isObject(k) ? was.get(k.code) : undefined;
    if (!isObject(k) || before === undefined) return [];
    const after = targetsOf(k);
    const days = [...new Set([...before, ...after].map((v) => v.from))].sort();
    const day = days.find((d) => inForceOn(before, d)?.key !== inForceOn(after, d)?.key);
    if (day === undefined) return [];
    const now = inForceOn(after, day);
    return [
      { field: `kpis[${i}].targets${now === undefined ? "" : `[${now.at}]`}`, span: { start: day, end: FOREVER } },
    ];
  });
}

/** The periods of a KPI's stored measurements, each at `field`. */
function measuredSpans(code: unknown, before: StoredSections, field: string): { field: string; span: DateSpan }[] {
  return (before.measurements ?? []).flatMap((m) => {
    const span = m.kpi === code ? spanOf(m.period) : undefined;
    return span === undefined ? [] : [{ field, span }];
  });
}

/** The day after a KPI's `to` year (the end of time without one). */
const endDay = (k: Json): string => (typeof k.to === "string" ? kpiEndDay({ to: k.to }) : undefined) ?? FOREVER;

/**
 * The years whose scorecards (and its service's annual reports) show a KPI: its service's reported
 * years (the store's `reportedSpan`), from no earlier than its `from`'s first day and to no later
 * than its `to`'s last — the domain's `kpiReportedIn`. None for a service not known, or a KPI shown
 * in no year its service is. (The section is valid when this runs: a `from` or `to` that is not a
 * year, or a `to` before `from`, answered 422 before.)
 */
function kpiYears(k: Json, reported: Reported): DateSpan | undefined {
  const years = reported(k.service);
  if (years === undefined) return undefined;
  const first = typeof k.from === "string" ? kpiFirstDay({ from: k.from }) : undefined;
  return overlap(years, { start: first ?? BEGINNING, end: endDay(k) });
}

/** Of two spans, the one that starts first (either, when one is missing). */
const earlier = (a: DateSpan | undefined, b: DateSpan | undefined): DateSpan | undefined =>
  a === undefined ? b : b === undefined || a.start <= b.start ? a : b;

/** What a writer adding a KPI to a closed year's scorecard can do instead. */
const KPI_FROM_HINT = "give the KPI a from in an open year (e.g. 2025/26): it is reported from that year on";

/** What a writer retiring a KPI from a closed year's scorecard can do instead. */
const KPI_TO_HINT = "give the KPI a to of the last closed year it is shown in, or later: it is reported to that year";

/**
 * The years whose scorecards a kpis write adds a KPI to, takes a stored one out of, or changes its
 * service in: a year's KPI scorecard (and its service's annual report) shows every KPI of a
 * service in effect in the year from the KPI's `from` year on, measured or not — a KPI with targets
 * and no figures is rated "?" there. So a KPI is dated by the years it is reported in: its
 * service's (the store's `reportedSpan`), from no earlier than its `from`'s first day. A removed
 * KPI at its stored place `kpis[i]`; an added one at `kpis[i]` (`kpis[i].from` when it gives one),
 * told to give a `from` in an open year; a KPI moved to another service at `kpis[i].service`, and
 * one whose `from` changes at `kpis[i].from`, each from the earlier of its old and new first years.
 * One whose `to` changes at `kpis[i].to`, over the years between its old and new last years that it
 * is otherwise shown in: a KPI is retired from an open year freely, never from a closed one.
 * A KPI of a service that starts in an open year, or from an open year, is added, moved and removed
 * freely.
 */
function kpiPresenceSpans(
  body: unknown,
  stored: unknown,
  reported: Reported,
): { readonly field: string; readonly span: DateSpan; readonly hint?: string }[] {
  const yearsOf = (k: Json) => kpiYears(k, reported);
  const written = new Map<unknown, number>();
  const list = Array.isArray(body) ? (body as unknown[]) : [];
  list.forEach((k, i) => {
    if (isObject(k) && !written.has(k.code)) written.set(k.code, i);
  });
  const storedCodes = new Set((Array.isArray(stored) ? (stored as unknown[]) : []).filter(isObject).map((k) => k.code));
  const moves = movedKpis(stored, body);
  const changed = (Array.isArray(stored) ? (stored as unknown[]) : []).flatMap((k, i) => {
    if (!isObject(k)) return [];
    const at = written.get(k.code);
    const now = at === undefined ? undefined : list[at];
    if (!isObject(now)) {
      const span = yearsOf(k);
      return span === undefined ? [] : [{ field: `kpis[${i}]`, span }];
    }
    const moved = moves.has(k.code);
    if (moved || now.from !== k.from) {
      const span = earlier(yearsOf(k), yearsOf(now));
      if (span === undefined) return [];
      return [
        moved ? { field: `kpis[${at}].service`, span } : { field: `kpis[${at}].from`, span, hint: KPI_FROM_HINT },
      ];
    }
    if (now.to === k.to) return [];
    // The years shown under one `to` and not the other: from the earlier end to the later.
    const [start, end] = [endDay(k), endDay(now)].sort() as [string, string];
    const span = overlap({ start, end }, yearsOf({ ...now, to: undefined }));
    return span === undefined ? [] : [{ field: `kpis[${at}].to`, span, hint: KPI_TO_HINT }];
  });
  const added = list.flatMap((k, i) => {
    const span = isObject(k) && !storedCodes.has(k.code) && written.get(k.code) === i ? yearsOf(k) : undefined;
    if (!isObject(k) || span === undefined) return [];
    return [{ field: k.from === undefined ? `kpis[${i}]` : `kpis[${i}].from`, span, hint: KPI_FROM_HINT }];
  });
  return [...changed, ...added];
}

/**
 * A KPI's fields that place and date its row rather than rate it — code, service, from, to and
 * targets — and its name and renamings: each dated apart.
 */
const KPI_PLACED = new Set(["code", "service", "from", "to", "targets", "name", "names"]);

/**
 * A KPI's renamings as written, each with its index, those with the shape the domain reads (the
 * rest are refused by validation), in order of their years.
 */
const renamingsOf = (k: Json): (KpiName & { readonly day: string; readonly at: number })[] =>
  (Array.isArray(k.names) ? (k.names as unknown[]) : [])
    .flatMap((n, at) => {
      const day = isObject(n) && typeof n.from === "string" ? kpiFirstDay({ from: n.from }) : undefined;
      return isObject(n) && typeof n.name === "string" && day !== undefined
        ? [{ from: n.from as string, name: n.name, day, at }]
        : [];
    })
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.at - b.at));

/**
 * The years whose scorecards and annual reports a kpis write changes a stored KPI's printed name
 * in: each year prints the name in force then (the domain's `kpiNameFor`: the latest renaming from
 * that year or earlier, else `name`), so the name printed changes only from a year some renaming,
 * stored or written, begins, and only in the years the KPI is shown ({@link kpiYears}, as stored and
 * as written). Each run of years whose name differs is dated, at the written field in force in its
 * first year: `kpis[i].names[j]` for a renaming, `kpis[i].name` for the name (`kpis[i].names` when a
 * renaming in force there was taken away). So a renaming from an open year is added, changed or
 * removed freely though closed years show the KPI; one from a closed year, or another `name` while a
 * closed year prints it, is refused.
 */
function kpiNameSpans(
  body: unknown,
  stored: unknown,
  reported: Reported,
): { readonly field: string; readonly span: DateSpan }[] {
  const was = new Map(
    (Array.isArray(stored) ? (stored as unknown[]) : []).filter(isObject).map((k) => [k.code, k] as const),
  );
  return (Array.isArray(body) ? (body as unknown[]) : []).flatMap((k, i) => {
    const old = isObject(k) ? was.get(k.code) : undefined;
    if (!isObject(k) || old === undefined) return [];
    const shown = earlier(kpiYears(old, reported), kpiYears(k, reported));
    if (shown === undefined) return [];
    const before = { name: str(old.name) ?? "", names: renamingsOf(old) };
    const after = { name: str(k.name) ?? "", names: renamingsOf(k) };
    // The years a printed name may change in: the first shown, and each renaming's, in order.
    const starts = new Map<string, string | undefined>([[BEGINNING, undefined]]);
    for (const n of [...before.names, ...after.names]) starts.set(n.day, n.from);
    const days = [...starts.keys()].sort();
    const nameOn = (kpi: typeof before, day: string) => {
      const year = starts.get(day);
      return year === undefined ? kpi.name : kpiNameFor(kpi, year);
    };
    return days.flatMap((day, d) => {
      if (nameOn(before, day) === nameOn(after, day)) return [];
      const span = overlap({ start: day, end: days[d + 1] ?? FOREVER }, shown);
      if (span === undefined) return [];
      // The written renaming in force that year (the last of those from it or earlier), else the name.
      const now = after.names.filter((n) => n.day <= day).at(-1);
      const renamed = before.names.some((n) => n.day <= day);
      const field =
        now !== undefined ? `kpis[${i}].names[${now.at}]` : renamed ? `kpis[${i}].names` : `kpis[${i}].name`;
      return [{ field, span }];
    });
  });
}

/**
 * The periods whose scorecards and annual reports a kpis write changes a stored KPI's row in, by a
 * field other than its code, service, `from` and targets (dated apart). A field the row prints
 * whether or not the KPI has figures — name, unit, polarity, aggregation, monitoring-only flag,
 * scheme (any not among the domain's `KPI_FIGURE_FIELDS`) — is dated by the years the KPI is
 * shown in ({@link kpiYears}, as stored and as written): a KPI rated "?" in a closed year still
 * prints them there. A field read only where the KPI has figures — display, tolerance, Blue band,
 * review and sample rules — is dated by the periods of its stored measurements and, for a KPI the
 * outage log feeds (a service's availability KPI, an incident target's), by the parts of its years
 * the log feeds ({@link outageLogSpans}). Each at the first field of the kind that differs.
 */
function kpiRatingSpans(
  body: unknown,
  before: StoredSections,
  reported: Reported,
  terms: readonly TermsRecord[],
): { readonly field: string; readonly span: DateSpan }[] {
  const figures: ReadonlySet<string> = new Set(KPI_FIGURE_FIELDS);
  const rating = (k: Json) =>
    new Map(Object.entries(k).flatMap(([f, v]) => (KPI_PLACED.has(f) ? [] : [[f, canonicalJson(v)] as const])));
  const stored = new Map<unknown, Json>((before.kpis ?? []).filter(isObject).map((k) => [k.code, k as Json]));
  const availability: Json = isObject(before.availability) ? before.availability : {};
  const logFed = new Set<unknown>([
    ...(isObject(availability.kpis) ? Object.values(availability.kpis) : []),
    ...(Array.isArray(availability.incidentTargets) ? (availability.incidentTargets as unknown[]) : [])
      .filter(isObject)
      .map((t) => t.kpi),
  ]);
  return (Array.isArray(body) ? (body as unknown[]) : []).flatMap((k, i) => {
    const was = isObject(k) ? stored.get(k.code) : undefined;
    if (!isObject(k) || was === undefined) return [];
    const old = rating(was);
    const now = rating(k);
    const differ = [...new Set([...old.keys(), ...now.keys()])].sort().filter((f) => old.get(f) !== now.get(f));
    const printed = differ.find((f) => !figures.has(f));
    const figure = differ.find((f) => figures.has(f));
    const shown = earlier(kpiYears(was, reported), kpiYears(k, reported));
    const field = (f: string) => `kpis[${i}].${f}`;
    return [
      ...(printed === undefined || shown === undefined ? [] : [{ field: field(printed), span: shown }]),
      ...(figure === undefined ? [] : measuredSpans(k.code, before, field(figure))),
      ...(figure === undefined || shown === undefined || !logFed.has(k.code)
        ? []
        : outageLogSpans(shown, before.availability, terms).map((span) => ({ field: field(figure), span }))),
    ];
  });
}

/**
 * Whether a key may change partnership-wide terms (or when they take effect): an admin, or a
 * finance user of a partner that leads every service of the partnership.
 *
 * @param key - the caller's key
 * @param services - the partnership's services, with today's leads
 * @returns true when it may
 */
export function mayChangeTerms(key: ApiKey, services: readonly Service[]): boolean {
  if (key.role === "admin") return true;
  return key.role === "finance" && services.length > 0 && services.every((s) => s.lead === key.partner);
}

/**
 * Who may replace a scenario section, part by part, within the `write:sections` permission. A part
 * that belongs to services (a budget line, a KPI and its measurements, a calendar, an outage, a
 * savings baseline...) is written by the finance users of the lead of every service it names (for
 * a dated part, a lead in force during its dates; otherwise today's lead); a
 * part that concerns the whole partnership (the RAG scheme, savings indices and attribution, a
 * one-off cost without a service, outage-cost and availability settings) by an admin, or by the
 * finance users of a partner that leads every service, and takes effect only once an approver of
 * every partner consents ({@link sectionNeedsConsent}); a write that changes such terms may change
 * no service's part (it would wait with them). A calendar serving no service (one only outage
 * costing reads) is written by those same keys, without waiting for consent: it is no service's
 * lead's to change. Only what changes is checked: the parts
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
  const byId = new Map(services.map((s) => [s.id, s]));
  // A dated part is its service's lead's in force over its dates; an undated one, today's lead's.
  const leadsOf = (id: string, span: DateSpan | undefined): readonly string[] | undefined => {
    const service = byId.get(id);
    if (service === undefined) return undefined;
    return span === undefined ? [service.lead] : leadsWithin(service, span);
  };
  const termsWriter = mayChangeTerms(key, services);
  return (before) => {
    const issues: RowIssue[] = [];
    const parts = changedParts(section, body, before);
    // Terms wait for every partner's consent: a service's part in the same write would wait with them.
    const terms = parts.some(({ part }) => part.scope === "partnership");
    for (const { part, removed } of parts) {
      const what = removed ? `${part.path} of the stored section (removed or replaced)` : part.path;
      if (terms && part.scope !== "partnership") {
        issues.push({
          field: part.path,
          message: `${what} belongs to a service, and this write also changes partnership-wide terms, which wait for every partner's consent: change the service's part in a write of its own`,
        });
        continue;
      }
      if (part.scope === "partnership") {
        if (!termsWriter)
          issues.push({
            field: part.path,
            message: `${what} concerns the whole partnership: it is changed by an admin, or by the finance users of a partner that leads every service`,
          });
        continue;
      }
      // A calendar serving no service is read only by outage costing, for every partner.
      if (section === "calendars" && part.scope.length === 0) {
        if (!termsWriter)
          issues.push({
            field: part.path,
            message: `${what} serves no service, so it concerns the whole partnership (outage costing may read it): it is changed by an admin, or by the finance users of a partner that leads every service`,
          });
        continue;
      }
      const others = [...new Set(part.scope)].filter((s) => {
        const leads = leadsOf(s, part.span);
        return leads !== undefined && !leads.includes(key.partner);
      });
      if (key.role !== "finance" || others.length > 0) {
        const named = (others.length > 0 ? others : part.scope).map(
          (s) => `${s} (led by ${leadsOf(s, part.span)?.join(" then ") ?? "no one"})`,
        );
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

/**
 * Whether a section write changes partnership-wide terms (the RAG scheme, savings indices,
 * attribution, target and one-off costs without a service, outage-cost and availability settings):
 * they change every partner's figures, so the write is kept as a proposed terms version until an
 * approver of every partner consents, as a rule version is.
 *
 * @param section - the section
 * @param body - its new value, as sent
 * @returns given the stored sections, true when a partnership-wide part is added, removed or replaced
 */
export function sectionNeedsConsent(section: SectionName, body: unknown): (before: StoredSections) => boolean {
  return (before) => changedParts(section, body, before).some(({ part }) => part.scope === "partnership");
}

/**
 * The section a terms version makes when it takes effect: its partnership-wide terms over the
 * section as stored then, whose services' parts (savings baselines, contributions, service targets
 * and one-off costs of a service; availability's KPI map and incident targets) are kept as they
 * are, since their leads may have changed them while the partners consented. The RAG scheme and
 * outage-cost settings are terms whole.
 *
 * @param section - the section
 * @param proposed - the section as proposed
 * @param stored - the section as stored now, if any
 * @returns the section to store
 * @example
 * applyTerms("savings", { rounding: "half-even", attribution: "actual", baselines: [] }, stored);
 * // stored's baselines, with rounding half-even
 */
export function applyTerms(section: SectionName, proposed: unknown, stored: unknown): unknown {
  if ((section !== "savings" && section !== "availability") || !isObject(proposed) || !isObject(stored))
    return proposed;
  const spec = objectSection(section, new Map());
  const merged: Record<string, unknown> = {};
  for (const name of new Set([...Object.keys(stored), ...Object.keys(proposed)])) {
    const scopeOf = spec.lists[name];
    let value: unknown;
    if (scopeOf !== undefined) {
      const wide = (item: unknown) => isObject(item) && scopeOf(item) === "partnership";
      const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
      value =
        stored[name] === undefined && proposed[name] === undefined
          ? undefined
          : [...list(stored[name]).filter((i) => !wide(i)), ...list(proposed[name]).filter(wide)];
    } else value = name === spec.byKey ? stored[name] : proposed[name];
    if (value !== undefined) merged[name] = value;
  }
  return merged;
}

/**
 * A section's partnership-wide terms, for comparing two versions of it: the content of each
 * partnership-wide part, in order. A terms version whose base's terms differ from the stored
 * section's is stale: another version changed them while its partners consented.
 *
 * @param section - the section
 * @param body - a value of it
 * @returns the sorted contents of its partnership-wide parts
 */
export function termsOf(section: SectionName, body: unknown): string[] {
  return partsOf(section, body, new Map())
    .filter((p) => p.scope === "partnership")
    .map((p) => p.key)
    .sort();
}

/**
 * The checks of a section write, as the store applies them in the write's transaction: who may
 * change which part ({@link sectionRule}, against the services as read there), the dates of the
 * parts changed ({@link sectionSpans}) and whether the write waits for every partner's consent
 * ({@link sectionNeedsConsent}). The section PUT and the section items' routes pass the same. The
 * store runs them after the domain's validation of the section (with every other stored section),
 * so an invalid write answers 422 whatever period it touches, and they read a valid section.
 *
 * @param section - the section
 * @param body - its new value
 * @param key - the writer's key
 * @returns the store's write options
 */
export function sectionChecks(section: SectionName, body: unknown, key: ApiKey): SectionWriteOptions {
  return {
    authorize: (before, services) => sectionRule(section, body, key, services)(before),
    dated: sectionSpans(section, body),
    needsConsent: sectionNeedsConsent(section, body),
  };
}
