import { DomainError, formatPath, plainMessage } from "@3c/domain";
import type { Actor } from "../Actor.js";
import { contentHash } from "../audit/index.js";
import type { Queryable } from "../db/index.js";
import { closedPeriodOf, closedPeriods } from "../periods.js";
import { startOf } from "../pools.js";
import { type StoreContext, write } from "../StoreContext.js";
import { type RowIssue, StoreError, type StoreErrorCode } from "../StoreError.js";
import { getPartnership, listPartners, listServices, type Service } from "../structure.js";
import { type RecordKind, type RecordKindName, recordKind } from "./recordKinds.js";

/** Rows per INSERT: each statement sends one array per column, so this only bounds statement size. */
const CHUNK = 5000;

/** Options of {@link importRecords}. */
export interface ImportOptions {
  /**
   * The entitlement check: the reason this actor may not write this record, or undefined when it
   * may. The API passes its rule (e.g. cost lines are written by the finance users of the lead in
   * force on the line's date). It is given the partnership's services as read inside the import's
   * transaction, so a hand-over committed meanwhile is seen.
   */
  readonly authorize?: (
    doc: Readonly<Record<string, string>>,
    services: ReadonlyMap<string, Service>,
  ) => string | undefined;
  /**
   * Problems the caller found in some items before the store saw them (a CSV row with too few
   * fields): reported with the store's own, in item order. Those items are not checked further, and
   * any such problem fails the import (`INVALID_INPUT`: validation comes before every other rule).
   */
  readonly rejected?: readonly RowIssue[];
}

/** The outcome of an import. */
export interface ImportResult {
  readonly kind: RecordKindName;
  readonly imported: number;
}

/**
 * Imports records of one kind, all or nothing: every item is validated (shape, references to
 * services, pools and partners, a line dated before its pool's or service's start, amounts the
 * currency can hold, duplicates within the request, and text the database cannot hold: U+0000), and
 * only a valid import is then checked against the caller's entitlement, closed periods and what is
 * stored; every problem of the first stage that finds any is reported at once with its index and
 * field (an unknown field by its name); only when there is none
 * are all rows written, in one transaction with one audit record. An import of no items stores
 * nothing and appends no audit record.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param kindName - which kind of record
 * @param items - the items as in the scenario document (strings; absent optional fields left out)
 * @param actor - who imports
 * @param options - the entitlement check
 * @returns how many were imported
 * @example
 * await importRecords(ctx, "p1", "cost-lines", [{ id: "C1", service: "ICT", pool: "staff", date: "2024-05-31", amount: "10.00" }], actor);
 * @throws StoreError `NOT_FOUND` for an unknown partnership; `INVALID_INPUT` with every problem the
 *   items have (shape, references, amounts, duplicates within the request), whatever they are
 *   dated; only when there is none, with every problem of the valid import: `NOT_PERMITTED` when
 *   the entitlement check refuses any row, else `PERIOD_CLOSED` when any row falls in a closed
 *   period, else `ALREADY_EXISTS` when an id is already stored
 */
export function importRecords(
  ctx: StoreContext,
  partnershipId: string,
  kindName: RecordKindName,
  items: readonly unknown[],
  actor: Actor,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const kind = recordKind(kindName);
  if (items.length === 0) return importNothing(ctx, partnershipId, kindName);
  return write(ctx, partnershipId, actor, kind.label, async (tx) => {
    const { rows, ids } = await validate(tx, partnershipId, kind, items, options);
    for (let i = 0; i < rows.length; i += CHUNK) await insertChunk(tx, partnershipId, kind, ids, rows, i);
    return {
      result: { kind: kindName, imported: rows.length },
      audit: { action: `${kindName}.import`, target: kindName, after: { count: rows.length, ids: contentHash(ids) } },
    };
  });
}

/** An import of nothing: the partnership must exist, and nothing is written or audited. */
async function importNothing(ctx: StoreContext, partnershipId: string, kind: RecordKindName): Promise<ImportResult> {
  if ((await getPartnership(ctx.db, partnershipId)) === undefined)
    throw new StoreError("NOT_FOUND", `no partnership ${JSON.stringify(partnershipId)}`);
  return { kind, imported: 0 };
}

/** The fields of an item whose name or value holds U+0000, which PostgreSQL cannot store as text. */
function nulFields(item: unknown): string[] {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return [];
  return Object.entries(item)
    .filter(([k, v]) => k.includes("\u0000") || (typeof v === "string" && v.includes("\u0000")))
    .map(([k]) => k);
}

async function validate(
  tx: Queryable,
  partnershipId: string,
  kind: RecordKind,
  items: readonly unknown[],
  options: ImportOptions,
): Promise<{ rows: (string | null)[][]; ids: string[] }> {
  const partnership = await getPartnership(tx, partnershipId);
  if (partnership === undefined) throw new StoreError("NOT_FOUND", `no partnership ${JSON.stringify(partnershipId)}`);
  const services = new Map((await listServices(tx, partnershipId)).map((s) => [s.id, s]));
  const partners = new Set((await listPartners(tx, partnershipId)).map((p) => p.id));
  // First what the domain would refuse (422): only a valid import reaches the rules of who may
  // write which row and of closed periods, and the ids already stored.
  const issues: RowIssue[] = [];
  const valid: { index: number; doc: Readonly<Record<string, string>>; row: (string | null)[]; id: string }[] = [];
  const firstIndex = new Map<string, number>();
  const rejected = new Set((options.rejected ?? []).map((i) => i.index));
  issues.push(...(options.rejected ?? []));
  items.forEach((item, index) => {
    if (rejected.has(index)) return;
    const nul = nulFields(item);
    for (const field of nul)
      issues.push({ index, field, message: "holds the NUL character (U+0000), which cannot be stored" });
    const parsed = kind.schema.safeParse(item, { error: plainMessage });
    if (!parsed.success) {
      for (const iss of parsed.error.issues) {
        // An unknown field is named in the path, one issue per field, like the column of a CSV.
        if (iss.code === "unrecognized_keys")
          for (const key of iss.keys)
            issues.push({
              index,
              field: formatPath([...iss.path, key]),
              message: `unknown field ${JSON.stringify(key)}`,
            });
        else issues.push({ index, field: formatPath(iss.path), message: iss.message });
      }
      return;
    }
    if (nul.length > 0) return;
    const doc = parsed.data as Record<string, string>;
    const before = issues.length;
    const add = (field: string, message: string) => issues.push({ index, field, message });
    if (doc.service !== undefined) {
      const service = services.get(doc.service);
      if (service === undefined) add("service", `unknown service ${JSON.stringify(doc.service)}`);
      else if (doc.pool !== undefined && !service.pools.some((p) => p.id === doc.pool))
        add("pool", `service ${doc.service} has no pool ${JSON.stringify(doc.pool)}`);
      const from = startOf(services, doc.service, doc.pool);
      if (from !== undefined && doc.date !== undefined && doc.date < from.start)
        add("date", `${from.what} takes part from ${from.start}: a line of it is dated on or after ${from.start}`);
    }
    if (doc.partner !== undefined && !partners.has(doc.partner))
      add("partner", `unknown partner ${JSON.stringify(doc.partner)}`);
    if (kind.name === "income" && doc.amount?.startsWith("-"))
      add("amount", "income is money received: give it as a positive amount (a refund of income is a cost line)");
    let row: (string | null)[] = [];
    try {
      row = kind.toRow(doc, partnership.currency);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      add(error.path ?? "", error.message);
    }
    if (issues.length > before) return;
    const id = kind.idOf(doc);
    const first = firstIndex.get(id);
    if (first !== undefined) {
      add(kind.fields[0] ?? "id", `duplicate ${kind.label} ${JSON.stringify(id)} (first at item ${first})`);
      return;
    }
    firstIndex.set(id, index);
    valid.push({ index, doc, row, id });
  });
  if (issues.length > 0) refuse("INVALID_INPUT", issues, kind, items.length);
  const closed = await closedPeriods(tx, partnershipId);
  let inClosedPeriod = false;
  let denied = false;
  for (const { index, doc } of valid) {
    const span = kind.span(doc);
    const shut = span === undefined ? undefined : closedPeriodOf(closed, span);
    if (shut !== undefined) {
      inClosedPeriod = true;
      issues.push({
        index,
        field: kind.periodFilter === "date" ? "date" : kind.periodFilter === "year" ? "year" : "period",
        message: `period ${shut.name} is closed: correct it by a reversal run in an open period`,
      });
      continue;
    }
    const refusal = options.authorize?.(doc, services);
    if (refusal !== undefined) {
      denied = true;
      issues.push({ index, field: "", message: refusal });
    }
  }
  const refused = new Set(issues.map((i) => i.index));
  const kept = valid.filter((v) => !refused.has(v.index));
  const ids = kept.map((v) => v.id);
  const rows = kept.map((v) => v.row);
  if (ids.length > 0) {
    const where = Object.keys(kind.fixed)
      .map((col, i) => ` AND ${col} = $${i + 3}`)
      .join("");
    const existing = await tx.query<{ id: string }>(
      `SELECT id FROM ${kind.table} WHERE partnership_id = $1 AND id = ANY($2::text[])${where}`,
      [partnershipId, ids, ...Object.values(kind.fixed)],
    );
    for (const { id } of existing)
      issues.push({
        index: firstIndex.get(id) ?? 0,
        field: kind.fields[0] ?? "id",
        message: `${kind.label} ${JSON.stringify(id)} is already stored`,
      });
  }
  // A row the writer may not write is a refusal (403), one in a closed period or already stored a
  // conflict with the books' state (409); either way every such problem is listed.
  if (issues.length > 0)
    refuse(denied ? "NOT_PERMITTED" : inClosedPeriod ? "PERIOD_CLOSED" : "ALREADY_EXISTS", issues, kind, items.length);
  return { rows, ids };
}

/** Refuses an import with every problem, in item order. */
function refuse(code: StoreErrorCode, issues: RowIssue[], kind: RecordKind, count: number): never {
  issues.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const bad = new Set(issues.map((i) => i.index)).size;
  throw new StoreError(code, `${bad} of ${count} ${kind.name} item(s) are not valid; nothing was imported`, issues);
}

async function insertChunk(
  tx: Queryable,
  partnershipId: string,
  kind: RecordKind,
  ids: readonly string[],
  rows: readonly (string | null)[][],
  from: number,
): Promise<void> {
  const to = Math.min(rows.length, from + CHUNK);
  const fixedCols = Object.keys(kind.fixed);
  const fixedVals = Object.values(kind.fixed);
  const cols = kind.columns.map(([c]) => c);
  const arrays = kind.columns.map((_, c) => rows.slice(from, to).map((r) => r[c] ?? null));
  const n = fixedVals.length;
  const unnest = [`$${n + 2}::text[]`, ...kind.columns.map(([, t], c) => `$${n + 3 + c}::${t}[]`)].join(", ");
  const fixedSel = fixedCols.map((_, i) => `$${i + 2}`).join(", ");
  const sql = `INSERT INTO ${kind.table} (partnership_id, ${[...fixedCols, "id", ...cols].join(", ")}) SELECT $1, ${
    fixedSel === "" ? "" : `${fixedSel}, `
  }* FROM unnest(${unnest})`;
  await tx.query(sql, [partnershipId, ...fixedVals, ids.slice(from, to), ...arrays]);
}
