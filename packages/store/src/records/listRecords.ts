import { parsePeriod } from "@3c/domain";
import type { Queryable } from "../db/index.js";
import { StoreError } from "../StoreError.js";
import { type RecordDocument, type RecordKind, type RecordKindName, recordKind } from "./recordKinds.js";

/**
 * Filters of a record listing; all optional. A kind is filtered only by the fields it has: `service`
 * and `services` for cost lines, budget lines and income; `partner` for driver quantities (actual
 * and budget); `period` for every kind. Any other filter is refused, not ignored.
 */
export interface RecordFilter {
  /** Only records of this service (kinds with a service). */
  readonly service?: string;
  /** Only records of these services (the services a key may see; kinds with a service). */
  readonly services?: readonly string[];
  /** Only records of this partner (driver quantities, actual and budget). */
  readonly partner?: string;
  /** Only records dated in (or for a period within) this financial period. */
  readonly period?: string;
}

/** A page of a listing: keyset pagination by id. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * Lists records of one kind in id order, a page at a time (keyset pagination: stable under
 * concurrent inserts, and as fast for the last page of 100,000 as for the first).
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param kindName - which kind
 * @param filter - service, partner, period
 * @param page - at most `limit` items after `cursor`
 * @returns the page
 * @throws StoreError `INVALID_INPUT` for a filter the kind does not have (`partner` of cost lines),
 *   naming the filter and the kind
 * @throws DomainError `INVALID_PERIOD` for a bad period filter
 */
export async function listRecords(
  q: Queryable,
  partnershipId: string,
  kindName: RecordKindName,
  filter: RecordFilter,
  page: { readonly limit: number; readonly cursor?: string },
): Promise<Page<RecordDocument>> {
  const kind = recordKind(kindName);
  const { where, params, param } = recordsWhere(partnershipId, kind, filter);
  if (page.cursor !== undefined) where.push(`id > ${param(page.cursor)}`);
  const cols = kind.columns.map(([c]) => `${c}::text AS ${c}`).join(", ");
  const rows = await q.query<Record<string, string | null>>(
    `SELECT id, ${cols} FROM ${kind.table} WHERE ${where.join(" AND ")} ORDER BY id LIMIT ${param(page.limit + 1)}`,
    params,
  );
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit).map(kind.fromRow);
  return { items, nextCursor: more ? (items[items.length - 1]?.id ?? null) : null };
}

/**
 * Counts the records of one kind a listing with this filter gives (all its pages).
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param kindName - which kind
 * @param filter - service, partner, period
 * @returns how many
 * @throws StoreError `INVALID_INPUT` for a filter the kind does not have
 * @throws DomainError `INVALID_PERIOD` for a bad period filter
 */
export async function countRecords(
  q: Queryable,
  partnershipId: string,
  kindName: RecordKindName,
  filter: RecordFilter,
): Promise<number> {
  const kind = recordKind(kindName);
  const { where, params } = recordsWhere(partnershipId, kind, filter);
  const rows = await q.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${kind.table} WHERE ${where.join(" AND ")}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The conditions (and their parameters) selecting a partnership's records of a kind by a filter. */
function recordsWhere(partnershipId: string, kind: RecordKind, filter: RecordFilter) {
  refuseFiltersNotOf(kind, filter);
  const params: unknown[] = [partnershipId];
  const where = ["partnership_id = $1"];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const [col, v] of Object.entries(kind.fixed)) where.push(`${col} = ${param(v)}`);
  if (filter.service !== undefined && kind.serviceColumn !== undefined)
    where.push(`${kind.serviceColumn} = ${param(filter.service)}`);
  if (filter.services !== undefined && kind.serviceColumn !== undefined)
    where.push(`${kind.serviceColumn} = ANY(${param(filter.services)}::text[])`);
  if (filter.partner !== undefined && kind.partnerColumn !== undefined)
    where.push(`${kind.partnerColumn} = ${param(filter.partner)}`);
  if (filter.period !== undefined) {
    const p = parsePeriod(filter.period, "period");
    if (kind.periodFilter === "date") where.push(`date >= ${param(p.start)} AND date < ${param(p.end)}`);
    if (kind.periodFilter === "span") where.push(`start_date >= ${param(p.start)} AND end_date <= ${param(p.end)}`);
    if (kind.periodFilter === "year") where.push(`year = ${param(p.name.slice(0, 7))}`);
  }
  return { where, params, param };
}

/**
 * Refuses the filters a kind has no field for. Ignored, such a filter would list every record of
 * the kind as if it had been applied: a caller asking for one partner's cost lines would be given
 * every partner's (a line's partner is the rules' answer for its date, not a field of the line).
 */
function refuseFiltersNotOf(kind: RecordKind, filter: RecordFilter): void {
  const has = {
    service: kind.serviceColumn !== undefined,
    services: kind.serviceColumn !== undefined,
    partner: kind.partnerColumn !== undefined,
    period: kind.periodFilter !== undefined,
  } satisfies Record<keyof RecordFilter, boolean>;
  const refused = (Object.keys(has) as (keyof RecordFilter)[]).filter((f) => filter[f] !== undefined && !has[f]);
  if (refused.length === 0) return;
  const filters = (Object.keys(has) as (keyof RecordFilter)[]).filter((f) => has[f]);
  const by = filters.length === 0 ? "they take no filter" : `they are filtered by ${filters.join(", ")}`;
  throw new StoreError(
    "INVALID_INPUT",
    `${kind.name} have no ${refused.join(" or ")} to filter by: ${by}`,
    refused.map((f) => ({ field: f, message: `${kind.name} have no ${f} to filter by: ${by}` })),
  );
}

/**
 * Reads one record by id.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param kindName - which kind
 * @param id - the record's id
 * @returns the record, or undefined
 */
export async function getRecord(
  q: Queryable,
  partnershipId: string,
  kindName: RecordKindName,
  id: string,
): Promise<RecordDocument | undefined> {
  const kind = recordKind(kindName);
  const cols = kind.columns.map(([c]) => `${c}::text AS ${c}`).join(", ");
  const fixed = Object.keys(kind.fixed)
    .map((c, i) => ` AND ${c} = $${i + 3}`)
    .join("");
  const rows = await q.query<Record<string, string | null>>(
    `SELECT id, ${cols} FROM ${kind.table} WHERE partnership_id = $1 AND id = $2${fixed}`,
    [partnershipId, id, ...Object.values(kind.fixed)],
  );
  const row = rows[0];
  return row === undefined ? undefined : kind.fromRow(row);
}
