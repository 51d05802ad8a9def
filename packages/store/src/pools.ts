import type { Actor } from "./Actor.js";
import type { Queryable } from "./db/index.js";
import { closedPeriodEndingAfter, isMonthStart, lastClosedEnd, listPeriods } from "./periods.js";
import { type StoreContext, write } from "./StoreContext.js";
import { StoreError } from "./StoreError.js";
import { listServices, lockService, type Pool, refuseReservedIds, type Service } from "./structure.js";

/**
 * Whether a pool takes part in a date range: it has no date (from the beginning), or its date
 * falls before the range's end. A pool that starts inside a period takes part in it.
 *
 * @param pool - the pool
 * @param span - the range [start, end), e.g. a period
 * @returns true when the pool is in the scenario of that range
 */
export function poolInEffect(pool: Pool, span: { readonly end: string }): boolean {
  return pool.effectiveFrom === undefined || pool.effectiveFrom < span.end;
}

/**
 * The first day a service's pool takes part in runs, when it has one: what a line, budget or rule
 * of the pool dated before it is refused by.
 *
 * @param services - the partnership's services
 * @param service - the service id
 * @param pool - the pool id
 * @returns its `effectiveFrom`, or undefined for an unknown pool or one from the beginning
 */
export function poolStart(
  services: ReadonlyMap<string, Service> | readonly Service[],
  service: string | undefined,
  pool: string | undefined,
): string | undefined {
  if (service === undefined || pool === undefined) return undefined;
  const found = Array.isArray(services)
    ? (services as readonly Service[]).find((s) => s.id === service)
    : (services as ReadonlyMap<string, Service>).get(service);
  return found?.pools.find((p) => p.id === pool)?.effectiveFrom;
}

/**
 * The date a pool added without one takes part from: the first day of the earliest open period, not
 * before the day after the latest closed period; the day after the latest closed period when none
 * is open; or from the beginning (undefined) while the partnership has recorded no period at all.
 */
async function defaultPoolStart(tx: Queryable, partnershipId: string): Promise<string | undefined> {
  const periods = await listPeriods(tx, partnershipId);
  const closedEnd = lastClosedEnd(periods.filter((p) => p.status === "closed"));
  const openStart = periods.find((p) => p.status === "open")?.start;
  if (openStart === undefined) return closedEnd;
  return closedEnd !== undefined && closedEnd > openStart ? closedEnd : openStart;
}

/**
 * Refuses a pool's given date that is not the first day of a month, or that a closed period ends
 * after (the pool would take part in a period already closed).
 */
async function checkPoolStart(tx: Queryable, partnershipId: string, from: string, serviceId: string): Promise<void> {
  if (!isMonthStart(from))
    throw new StoreError("INVALID_INPUT", `the pool of service ${serviceId} is not valid`, [
      {
        field: "effectiveFrom",
        message: `${JSON.stringify(from)} is not the first day of a month (YYYY-MM-01): a pool takes part from a month's start`,
      },
    ]);
  const shut = await closedPeriodEndingAfter(tx, partnershipId, from);
  if (shut !== undefined)
    throw new StoreError(
      "PERIOD_CLOSED",
      `period ${shut.name} is closed: a pool of service ${serviceId} from ${from} would take part in it`,
      [
        {
          field: "effectiveFrom",
          message: `must be on or after ${shut.end}, the day after closed period ${shut.name}`,
        },
      ],
    );
}

/**
 * Adds a cost pool to an existing service, after its other pools, if the service is still at the
 * version the caller read. The pool takes part in the runs and reports of periods from its
 * `effectiveFrom` on (given, or by default the first day of the first open period, not before the
 * day after the latest closed one; from the beginning while no period is recorded), so runs of
 * earlier periods keep reproducing. The pool has no cost until lines are recorded in it; its lines are shared
 * by the service-wide rule version in force on their dates, if the service has one, or else by a
 * rule version of the pool itself, which must be proposed and agreed by every partner like any
 * other: until one is, a run of a period with lines in the pool is refused (the domain's
 * `INVALID_SCENARIO`, naming the line and the pool). Lines, budgets and rules of the pool dated before
 * its start are refused.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param serviceId - the service
 * @param pool - the new pool's id, name and, optionally, the first day of the month it starts
 * @param expectedVersion - the version of the service the caller read (from its ETag), or undefined
 *   to skip the check
 * @param actor - who adds it
 * @returns the service at its new version, with the pool last
 * @throws StoreError `NOT_FOUND` for an unknown service, `VERSION_MISMATCH`, `ALREADY_EXISTS` when
 *   the service already has a pool of that id; `INVALID_INPUT` (field `effectiveFrom`) for a date
 *   that is not a month's first day; `PERIOD_CLOSED` when a closed period ends after it
 * @example
 * await addPool(ctx, "3c", "ICT", { id: "licences", name: "Software licences", effectiveFrom: "2025-04-01" }, 1, admin);
 */
export function addPool(
  ctx: StoreContext,
  partnershipId: string,
  serviceId: string,
  pool: Pool,
  expectedVersion: number | undefined,
  actor: Actor,
): Promise<Service> {
  refuseReservedIds([{ kind: "pool", id: pool.id, field: "id" }], `pool ${pool.id} of service ${serviceId}`);
  return write(ctx, partnershipId, actor, `pool ${pool.id} of service ${serviceId}`, async (tx, at) => {
    // The service's row lock queues concurrent additions to it; each sees the pools of the one before.
    const before = await lockService(tx, partnershipId, serviceId, expectedVersion, at);
    const today = at.slice(0, 10);
    const same = before.pools.find((p) => p.id === pool.id);
    if (same !== undefined)
      throw new StoreError(
        "ALREADY_EXISTS",
        `service ${serviceId} already has a pool ${JSON.stringify(pool.id)} (${same.name}): a pool is added once, under an id of its own`,
        [{ field: "id", message: `service ${serviceId} already has a pool ${JSON.stringify(pool.id)}` }],
      );
    if (pool.effectiveFrom !== undefined) await checkPoolStart(tx, partnershipId, pool.effectiveFrom, serviceId);
    const from = pool.effectiveFrom ?? (await defaultPoolStart(tx, partnershipId));
    const [{ position }] = (await tx.query<{ position: number }>(
      "SELECT COALESCE(MAX(position), -1) + 1 AS position FROM pools WHERE partnership_id = $1 AND service_id = $2",
      [partnershipId, serviceId],
    )) as [{ position: number }];
    await tx.query(
      "INSERT INTO pools (partnership_id, service_id, id, name, position, effective_from) VALUES ($1, $2, $3, $4, $5, $6)",
      [partnershipId, serviceId, pool.id, pool.name, position, from ?? null],
    );
    await tx.query("UPDATE services SET version = $3 WHERE partnership_id = $1 AND id = $2", [
      partnershipId,
      serviceId,
      before.version + 1,
    ]);
    const after = (await listServices(tx, partnershipId, today)).find((s) => s.id === serviceId) as Service;
    return {
      result: after,
      audit: { action: "service.pool.add", target: `services/${serviceId}/pools/${pool.id}`, before, after },
    };
  });
}
