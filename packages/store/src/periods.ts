import { isCalendarDate, parsePeriod } from "@3c/domain";
import type { Actor } from "./Actor.js";
import type { Queryable } from "./db/index.js";
import { type StoreContext, write } from "./StoreContext.js";
import { StoreError } from "./StoreError.js";
import { checkVersion } from "./structure.js";

/** A financial period of the partnership's books: open for writes, or closed for good. */
export interface Period {
  readonly name: string;
  /** First day, and the first day after (half-open). */
  readonly start: string;
  readonly end: string;
  readonly status: "open" | "closed";
  readonly closedAt: string | null;
  readonly closedBy: string | null;
  readonly version: number;
}

interface PeriodRow {
  name: string;
  start: string;
  end: string;
  status: "open" | "closed";
  closed_at: string | null;
  closed_by: string | null;
  version: number;
}

const SELECT =
  "SELECT name, start_date::text AS start, end_date::text AS end, status, closed_at, closed_by, version FROM periods";
const toPeriod = (r: PeriodRow): Period => ({
  name: r.name,
  start: r.start,
  end: r.end,
  status: r.status,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  version: r.version,
});

/**
 * Lists a partnership's periods by start date.
 *
 * @param q - database or transaction
 * @param partnershipId - the partnership
 * @returns its periods
 */
export async function listPeriods(q: Queryable, partnershipId: string): Promise<Period[]> {
  const rows = await q.query<PeriodRow>(`${SELECT} WHERE partnership_id = $1 ORDER BY start_date, end_date DESC`, [
    partnershipId,
  ]);
  return rows.map(toPeriod);
}

/**
 * Opens a financial period (a year, quarter or month) for writes.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param name - e.g. `2024/25` or `2024/25-Q1`
 * @param actor - who opens it
 * @returns the period
 * @throws DomainError `INVALID_PERIOD` for a bad name; StoreError `ALREADY_EXISTS`
 */
export function openPeriod(ctx: StoreContext, partnershipId: string, name: string, actor: Actor): Promise<Period> {
  const p = parsePeriod(name);
  return write(ctx, partnershipId, actor, `period ${p.name}`, async (tx) => {
    await tx.query(
      "INSERT INTO periods (partnership_id, name, start_date, end_date, status) VALUES ($1, $2, $3, $4, 'open')",
      [partnershipId, p.name, p.start, p.end],
    );
    const period: Period = {
      name: p.name,
      start: p.start,
      end: p.end,
      status: "open",
      closedAt: null,
      closedBy: null,
      version: 1,
    };
    return { result: period, audit: { action: "period.open", target: `periods/${p.name}`, after: period } };
  });
}

/**
 * Closes a period: from then on, nothing dated in it may be written, and corrections are reversal
 * runs in an open period.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param name - the period
 * @param expectedVersion - the version the caller read, if any
 * @param actor - who closes it
 * @returns the closed period
 * @throws StoreError `NOT_FOUND`, `VERSION_MISMATCH`, `INVALID_STATE` when already closed or while an
 *   approved run of it (or of a period overlapping it) waits to be posted
 */
export function closePeriod(
  ctx: StoreContext,
  partnershipId: string,
  name: string,
  expectedVersion: number | undefined,
  actor: Actor,
): Promise<Period> {
  const canonical = parsePeriod(name).name;
  return write(ctx, partnershipId, actor, `period ${canonical}`, async (tx, at) => {
    const rows = await tx.query<PeriodRow>(`${SELECT} WHERE partnership_id = $1 AND name = $2 FOR UPDATE`, [
      partnershipId,
      canonical,
    ]);
    const row = rows[0];
    if (row === undefined) throw new StoreError("NOT_FOUND", `no period ${JSON.stringify(canonical)}`);
    const before = toPeriod(row);
    checkVersion(before.version, expectedVersion, `period ${canonical}`);
    if (before.status === "closed") throw new StoreError("INVALID_STATE", `period ${canonical} is already closed`);
    // An approved run of the period (or of a longer one overlapping it) could never be posted once
    // it closes — posting refuses a closed period, only a posted run is reversed, and the period
    // could not be run again — so its charges would never be posted. A draft blocks nothing: it is
    // no one's signed figures, and a closed period's draft simply stays unapproved.
    const approved = await tx.query<{ id: string; period: string }>(
      "SELECT id, period FROM runs WHERE partnership_id = $1 AND status = 'approved' ORDER BY seq",
      [partnershipId],
    );
    const waiting = approved.filter((r) => closedPeriodOf([before], parsePeriod(r.period)) !== undefined);
    if (waiting.length > 0)
      throw new StoreError(
        "INVALID_STATE",
        `period ${canonical} cannot close while ${waiting.map((r) => `run ${r.id} of ${r.period}`).join(", ")} ${waiting.length === 1 ? "is" : "are"} approved and not posted: post ${waiting.length === 1 ? "it" : "them"} first`,
      );
    const after: Period = {
      ...before,
      status: "closed",
      closedAt: at,
      closedBy: actor.name,
      version: before.version + 1,
    };
    await tx.query(
      "UPDATE periods SET status = 'closed', closed_at = $3, closed_by = $4, version = $5 WHERE partnership_id = $1 AND name = $2",
      [partnershipId, canonical, at, actor.name, after.version],
    );
    return { result: after, audit: { action: "period.close", target: `periods/${canonical}`, before, after } };
  });
}

/**
 * The closed periods of a partnership, read inside a write (whose chain lock keeps them still).
 *
 * @param q - the open transaction
 * @param partnershipId - the partnership
 * @returns their names and date ranges
 */
export async function closedPeriods(q: Queryable, partnershipId: string): Promise<Period[]> {
  const rows = await q.query<PeriodRow>(`${SELECT} WHERE partnership_id = $1 AND status = 'closed'`, [partnershipId]);
  return rows.map(toPeriod);
}

/**
 * The closed period a date range falls in, if any.
 *
 * @param closed - the closed periods
 * @param span - the range [start, end)
 * @returns the first closed period that overlaps it
 */
export function closedPeriodOf(
  closed: readonly Period[],
  span: { readonly start: string; readonly end: string },
): Period | undefined {
  return closed.find((p) => p.start < span.end && span.start < p.end);
}

/**
 * The closed period that ends after a date, if any: what refuses a change taking effect from that
 * date (a hand-over, its cancellation, a pool's start), since the change would reach into it.
 *
 * @param q - the open transaction
 * @param partnershipId - the partnership
 * @param from - the date the change takes effect
 * @returns a closed period ending after `from`, or undefined
 */
export async function closedPeriodEndingAfter(
  q: Queryable,
  partnershipId: string,
  from: string,
): Promise<Period | undefined> {
  return (await closedPeriods(q, partnershipId)).find((p) => p.end > from);
}

/**
 * The end (the day after) of the latest closed period, if any.
 *
 * @param closed - the closed periods
 * @returns the latest `end`, or undefined when none is closed
 */
export function lastClosedEnd(closed: readonly Pick<Period, "end">[]): string | undefined {
  return closed.reduce<string | undefined>((max, p) => (max === undefined || p.end > max ? p.end : max), undefined);
}

/**
 * Whether text is the first day of a month, `YYYY-MM-01`: the date hand-overs and pools take effect
 * from, so that every month falls wholly on one side.
 *
 * @param text - anything
 * @returns true for `"2024-10-01"`, false for `"2024-10-15"` or `"2024-13-01"`
 */
export function isMonthStart(text: unknown): text is string {
  return isCalendarDate(text) && text.endsWith("-01");
}

/**
 * Whether something with a start (a service, a pool) takes part in a date range: it has no start
 * (from the beginning), or its start falls before the range's end. One that starts inside a period
 * takes part in it, as its lines may fall there.
 *
 * @param item - the service or pool
 * @param span - the range [start, end), e.g. a period
 * @returns true when it is in the scenario of that range
 */
export function inEffect(
  item: { readonly effectiveFrom?: string | undefined },
  span: { readonly end: string },
): boolean {
  return item.effectiveFrom === undefined || item.effectiveFrom < span.end;
}

/**
 * The dates from which reports show a service: from its start (the beginning when it has none),
 * for good. A year's reports (its KPI scorecard, its annual reports) hold every service
 * {@link inEffect} during the year, for the whole year, with its KPIs and its calendar's
 * availability; so a KPI or a calendar's service appears in, or leaves, the reports of exactly the
 * years this span meets. It starts at the service's start, not its year's first day: a closed year
 * meets it either way, but a quarter or month closed before the start (a service added after
 * closing 2025/26-Q1 starts on 1 July 2025) held nothing of the service and must not freeze its
 * KPIs and calendar.
 *
 * @param service - the service, with its start
 * @returns the range [start, end) that a closed period of its reports meets, for the closed-period check
 * @example reportedSpan({ effectiveFrom: "2025-07-01" }) // { start: "2025-07-01", end: "9999-12-31" }
 */
export function reportedSpan(service: { readonly effectiveFrom?: string | undefined }): {
  readonly start: string;
  readonly end: string;
} {
  return { start: service.effectiveFrom ?? "0000-01-01", end: "9999-12-31" };
}

/**
 * The date a service or pool added without one takes part from: the first day of the earliest open
 * period, not before the day after the latest closed period (an open year around a closed quarter
 * must not pull it into the quarter); the day after the latest closed period when none is open; or
 * from the beginning (undefined) while the partnership has recorded no period at all.
 *
 * @param q - the open transaction
 * @param partnershipId - the partnership
 * @returns the first day it takes part, or undefined for from the beginning
 */
export async function defaultStart(q: Queryable, partnershipId: string): Promise<string | undefined> {
  const periods = await listPeriods(q, partnershipId);
  const closedEnd = lastClosedEnd(periods.filter((p) => p.status === "closed"));
  const openStart = periods.find((p) => p.status === "open")?.start;
  if (openStart === undefined) return closedEnd;
  return closedEnd !== undefined && closedEnd > openStart ? closedEnd : openStart;
}

/**
 * Refuses a start given to a service or pool that is not the first day of a month, or that a closed
 * period ends after (it would take part in a period already closed).
 *
 * @param q - the open transaction
 * @param partnershipId - the partnership
 * @param from - the start given, at field `effectiveFrom`
 * @param what - what starts, for the messages, e.g. `a pool of service ICT`
 * @throws StoreError `INVALID_INPUT` for a date that is not a month's first day; `PERIOD_CLOSED`
 *   naming the earliest date allowed
 */
export async function checkStart(q: Queryable, partnershipId: string, from: string, what: string): Promise<void> {
  if (!isMonthStart(from))
    throw new StoreError("INVALID_INPUT", `${what} is not valid`, [
      {
        field: "effectiveFrom",
        message: `${JSON.stringify(from)} is not the first day of a month (YYYY-MM-01): ${what} takes part from a month's start`,
      },
    ]);
  const shut = await closedPeriodEndingAfter(q, partnershipId, from);
  if (shut !== undefined)
    throw new StoreError("PERIOD_CLOSED", `period ${shut.name} is closed: ${what} from ${from} would take part in it`, [
      { field: "effectiveFrom", message: `must be on or after ${shut.end}, the day after closed period ${shut.name}` },
    ]);
}
