import { type FinancialPeriod, parsePeriod } from "@3c/domain";
import type { Queryable } from "../db/index.js";
import type { Page } from "../records/index.js";
import { getSections, ROW_SECTIONS, type StoredSections } from "../sections.js";
import {
  kpiServices,
  type SectionItemDocument,
  type SectionItemEntry,
  type SectionItemKind,
  type SectionItemKindName,
  sectionItemKind,
} from "./sectionItemKinds.js";
import { sectionsBesideRows } from "./sectionWindow.js";

/** Filters of a section item listing; each applies only to the kinds it fits. */
export interface SectionItemFilter {
  /** Only items of this service (a measurement's or a target's by its KPI's service). */
  readonly service?: string;
  /** Only items of this partner (baselines, measurements, outages affecting it). */
  readonly partner?: string;
  /** Only items of this KPI (KPIs, targets, measurements). */
  readonly kpi?: string;
  /** Only items dated within this period: a budget's or one-off's year, a measurement's period, an outage's start day. */
  readonly period?: string;
}

/** The filters that fit a kind, as one test of an entry. */
function matcher(kind: SectionItemKind, filter: SectionItemFilter): (e: SectionItemEntry) => boolean {
  const fits = (name: keyof SectionItemFilter) => filter[name] !== undefined && kind.filters.includes(name);
  const period: FinancialPeriod | undefined = fits("period")
    ? parsePeriod(filter.period as string, "period")
    : undefined;
  return (e) =>
    (!fits("service") || e.services.includes(filter.service as string)) &&
    (!fits("partner") || e.partners.includes(filter.partner as string)) &&
    (!fits("kpi") || e.kpi === filter.kpi) &&
    (period === undefined || (e.span !== undefined && e.span.start >= period.start && e.span.end <= period.end));
}

const byId = (a: SectionItemEntry, b: SectionItemEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Lists the items of one kind in its stored section, in id order (code-unit order), a page at a
 * time after `cursor`. The items of a section kept as rows (measurements, outages) are read in id
 * order from their rows' stored ids (migration 17), a batch at a time until the page is full, so a
 * page costs the items it reads, not the section; every other kind's section is small and read whole.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param kindName - which kind
 * @param filter - the filters that fit the kind (others are ignored)
 * @param page - at most `limit` items after `cursor`
 * @returns the page
 * @throws DomainError `INVALID_PERIOD` for a bad period filter
 */
export async function listSectionItems(
  q: Queryable,
  partnershipId: string,
  kindName: SectionItemKindName,
  filter: SectionItemFilter,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<Page<SectionItemDocument>> {
  const kind = sectionItemKind(kindName);
  const matches = matcher(kind, filter);
  const found = isRowKind(kind)
    ? await rowEntries(q, partnershipId, kind, filter, matches, page)
    : kind
        .entries(await getSections(q, partnershipId))
        .filter((e) => matches(e) && (page.cursor === undefined || e.id > page.cursor))
        .sort(byId);
  const items = found.slice(0, page.limit).map((e) => e.view);
  return { items, nextCursor: found.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** Whether a kind's items are the rows of a section kept as rows. */
const isRowKind = (kind: SectionItemKind) => ROW_SECTIONS[kind.section] !== undefined && kind.name === kind.section;

/** The most rows of a row section read at once while a page is filled. */
const MOST_ROWS = 10_000;

/**
 * The first `limit + 1` entries of a row kind after `cursor` that pass the filters, in id order:
 * rows read by the index of their ids, a batch at a time; a measurement's KPI (or the KPIs of a
 * service) by the index of the rows' neighbour field.
 */
async function rowEntries(
  q: Queryable,
  partnershipId: string,
  kind: SectionItemKind,
  filter: SectionItemFilter,
  matches: (e: SectionItemEntry) => boolean,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<SectionItemEntry[]> {
  const beside = await sectionsBesideRows(q, partnershipId);
  const neighbours = kind.section === "measurements" ? measuredKpis(kind, filter, beside) : undefined;
  if (neighbours !== undefined && neighbours.length === 0) return [];
  const out: SectionItemEntry[] = [];
  let after = page.cursor ?? null;
  // A page's worth first (what an unfiltered page needs), twice as many each time a filter leaves it short.
  let batch = page.limit + 1;
  for (;;) {
    const rows = await q.query<{ item: unknown; item_id: string }>(
      `SELECT item, item_id FROM scenario_section_items
       WHERE partnership_id = $1 AND section = $2 AND item_id > COALESCE($3::text, '')
         AND ($4::text[] IS NULL OR neighbour = ANY($4::text[]))
       ORDER BY item_id LIMIT $5`,
      [partnershipId, kind.section, after, neighbours ?? null, batch],
    );
    const sections = { ...beside, [kind.section]: rows.map((r) => r.item) } as StoredSections;
    out.push(...kind.entries(sections).filter(matches));
    const last = rows[rows.length - 1];
    if (out.length > page.limit || rows.length < batch || last === undefined) return out.sort(byId);
    after = last.item_id;
    batch = Math.min(batch * 2, MOST_ROWS);
  }
}

/**
 * The KPIs whose measurements a filter can match, when it names them (its KPI, or its service's
 * KPIs): the rows to read by their neighbour field; undefined when every KPI's may.
 */
function measuredKpis(kind: SectionItemKind, filter: SectionItemFilter, beside: StoredSections): string[] | undefined {
  if (filter.kpi !== undefined && kind.filters.includes("kpi")) return [filter.kpi];
  if (filter.service === undefined || !kind.filters.includes("service")) return undefined;
  return [...kpiServices(beside)].flatMap(([kpi, service]) =>
    service === filter.service && kpi !== undefined ? [kpi] : [],
  );
}

/**
 * Reads one item of a kind by its id: of a section kept as rows, its row found by the index of the
 * rows' ids; of any other kind, from its (small) section.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param kindName - which kind
 * @param id - the item's id
 * @returns the item with its id, or undefined
 */
export async function getSectionItem(
  q: Queryable,
  partnershipId: string,
  kindName: SectionItemKindName,
  id: string,
): Promise<SectionItemDocument | undefined> {
  const kind = sectionItemKind(kindName);
  if (!isRowKind(kind)) return kind.entries(await getSections(q, partnershipId)).find((e) => e.id === id)?.view;
  const rows = await q.query<{ item: unknown }>(
    "SELECT item FROM scenario_section_items WHERE partnership_id = $1 AND section = $2 AND item_id = $3",
    [partnershipId, kind.section, id],
  );
  // Its view is the item with its id: the other sections (a measurement's KPI, for its service) are not needed.
  return kind.entries({ [kind.section]: rows.map((r) => r.item) } as StoredSections).find((e) => e.id === id)?.view;
}
