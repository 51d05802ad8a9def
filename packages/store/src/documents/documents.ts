import { formatPath } from "@3c/domain";
import type { Actor } from "../Actor.js";
import { contentHash } from "../audit/index.js";
import type { Queryable } from "../db/index.js";
import { closedPeriodOf, closedPeriods } from "../periods.js";
import type { Page } from "../records/index.js";
import { type StoreContext, write } from "../StoreContext.js";
import { type RowIssue, StoreError } from "../StoreError.js";
import { listPartners, listServices } from "../structure.js";
import { type DocumentKindName, documentSchema, documentSpan } from "./documentKinds.js";

/** A stored document: its fields as given. */
export type StoredDocument = { readonly id: string } & Readonly<Record<string, unknown>>;

/**
 * Imports documents of one kind, all or nothing, like records: every problem of every item is
 * reported with its index and field before anything is written.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param kind - the document kind
 * @param items - the documents
 * @param actor - who imports
 * @param authorize - the entitlement check of each valid document
 * @returns how many were imported
 * @throws StoreError `NOT_PERMITTED`, `PERIOD_CLOSED` or `INVALID_INPUT` with every problem
 */
export function importDocuments(
  ctx: StoreContext,
  partnershipId: string,
  kind: DocumentKindName,
  items: readonly unknown[],
  actor: Actor,
  authorize?: (doc: Readonly<Record<string, unknown>>) => string | undefined,
): Promise<{ kind: DocumentKindName; imported: number }> {
  return write(ctx, partnershipId, actor, kind, async (tx) => {
    const services = new Set((await listServices(tx, partnershipId)).map((s) => s.id));
    const partners = new Set((await listPartners(tx, partnershipId)).map((p) => p.id));
    const closed = await closedPeriods(tx, partnershipId);
    const schema = documentSchema(kind);
    const issues: RowIssue[] = [];
    const rows: Record<string, unknown>[] = [];
    const seen = new Map<string, number>();
    let denied = false;
    let shut = false;
    items.forEach((item, index) => {
      const parsed = schema.safeParse(item);
      if (!parsed.success) {
        for (const i of parsed.error.issues) issues.push({ index, field: formatPath(i.path), message: i.message });
        return;
      }
      const doc = parsed.data;
      const before = issues.length;
      const add = (field: string, message: string) => issues.push({ index, field, message });
      if (typeof doc.service === "string" && !services.has(doc.service))
        add("service", `unknown service ${JSON.stringify(doc.service)}`);
      if (typeof doc.partner === "string" && !partners.has(doc.partner))
        add("partner", `unknown partner ${JSON.stringify(doc.partner)}`);
      const span = documentSpan(doc);
      const period = span === undefined ? undefined : closedPeriodOf(closed, span);
      if (period !== undefined) {
        shut = true;
        add("", `period ${period.name} is closed: correct it by a reversal in an open period`);
      }
      const refusal = issues.length === before ? authorize?.(doc) : undefined;
      if (refusal !== undefined) {
        denied = true;
        add("", refusal);
      }
      const first = seen.get(doc.id as string);
      if (first !== undefined) add("id", `duplicate id ${JSON.stringify(doc.id)} (first at item ${first})`);
      else seen.set(doc.id as string, index);
      if (issues.length === before) rows.push(doc);
    });
    const ids = rows.map((r) => r.id as string);
    const existing = await tx.query<{ id: string }>(
      "SELECT id FROM documents WHERE partnership_id = $1 AND kind = $2 AND id = ANY($3::text[])",
      [partnershipId, kind, ids],
    );
    for (const { id } of existing)
      issues.push({ index: seen.get(id) ?? 0, field: "id", message: `${JSON.stringify(id)} is already stored` });
    if (issues.length > 0) {
      issues.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      throw new StoreError(
        denied ? "NOT_PERMITTED" : shut ? "PERIOD_CLOSED" : "INVALID_INPUT",
        `${new Set(issues.map((i) => i.index)).size} of ${items.length} ${kind} item(s) are not valid; nothing was imported`,
        issues,
      );
    }
    const col = (k: string) => rows.map((r) => (typeof r[k] === "string" ? (r[k] as string) : null));
    const spans = rows.map(documentSpan);
    await tx.query(
      `INSERT INTO documents (partnership_id, kind, id, service_id, partner_id, start_date, end_date, body)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::jsonb[])`,
      [
        partnershipId,
        kind,
        ids,
        col("service"),
        col("partner"),
        spans.map((s) => s?.start ?? null),
        spans.map((s) => s?.end ?? null),
        rows.map((r) => JSON.stringify(r)),
      ],
    );
    return {
      result: { kind, imported: rows.length },
      audit: { action: `${kind}.import`, target: kind, after: { count: rows.length, ids: contentHash(ids) } },
    };
  });
}

/**
 * Lists documents of one kind in id order, a page at a time.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param kind - the kind
 * @param filter - only this service, or these services (documents without a service are always listed)
 * @param page - at most `limit` after `cursor`
 * @returns the page
 */
export async function listDocuments(
  q: Queryable,
  partnershipId: string,
  kind: DocumentKindName,
  filter: { readonly service?: string; readonly services?: readonly string[] },
  page: { readonly limit: number; readonly cursor?: string },
): Promise<Page<StoredDocument>> {
  const params: unknown[] = [partnershipId, kind];
  const where = ["partnership_id = $1", "kind = $2"];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filter.service !== undefined) where.push(`service_id = ${param(filter.service)}`);
  if (filter.services !== undefined)
    where.push(`(service_id IS NULL OR service_id = ANY(${param(filter.services)}::text[]))`);
  if (page.cursor !== undefined) where.push(`id > ${param(page.cursor)}`);
  const rows = await q.query<{ body: StoredDocument }>(
    `SELECT body FROM documents WHERE ${where.join(" AND ")} ORDER BY id LIMIT ${param(page.limit + 1)}`,
    params,
  );
  const items = rows.slice(0, page.limit).map((r) => r.body);
  return { items, nextCursor: rows.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/**
 * Reads one document.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @param kind - the kind
 * @param id - its id
 * @returns the document, or undefined
 */
export async function getDocument(
  q: Queryable,
  partnershipId: string,
  kind: DocumentKindName,
  id: string,
): Promise<StoredDocument | undefined> {
  const rows = await q.query<{ body: StoredDocument }>(
    "SELECT body FROM documents WHERE partnership_id = $1 AND kind = $2 AND id = $3",
    [partnershipId, kind, id],
  );
  return rows[0]?.body;
}
