import { parsePeriod } from "@3c/domain";
import type { Queryable } from "../db/index.js";
import type { Page } from "../records/index.js";
import { getSections } from "../sections.js";
import { type SectionItemDocument, type SectionItemKindName, sectionItemKind } from "./sectionItemKinds.js";

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

/**
 * Lists the items of one kind in its stored section, in id order (code-unit order), a page at a
 * time after `cursor`.
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
  const fits = (name: keyof SectionItemFilter) => filter[name] !== undefined && kind.filters.includes(name);
  const period = fits("period") ? parsePeriod(filter.period as string, "period") : undefined;
  const all = kind
    .entries(await getSections(q, partnershipId))
    .filter(
      (e) =>
        (!fits("service") || e.services.includes(filter.service as string)) &&
        (!fits("partner") || e.partners.includes(filter.partner as string)) &&
        (!fits("kpi") || e.kpi === filter.kpi) &&
        (period === undefined || (e.span !== undefined && e.span.start >= period.start && e.span.end <= period.end)),
    )
    .filter((e) => page.cursor === undefined || e.id > page.cursor)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const items = all.slice(0, page.limit).map((e) => e.view);
  return { items, nextCursor: all.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/**
 * Reads one item of a kind by its id.
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
  return sectionItemKind(kindName)
    .entries(await getSections(q, partnershipId))
    .find((e) => e.id === id)?.view;
}
