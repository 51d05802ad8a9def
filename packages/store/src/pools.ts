import type { Actor } from "./Actor.js";
import { checkStart, defaultStart } from "./periods.js";
import { type StoreContext, write } from "./StoreContext.js";
import { StoreError } from "./StoreError.js";
import { listServices, lockService, type Pool, refuseReservedIds, type Service } from "./structure.js";

/**
 * The first day a service, or one of its pools, takes part in runs, when it has one: what a line,
 * budget, rule or section item of it dated before then is refused by. A pool's start is never
 * before its service's (a service's first pools are stored with its start).
 *
 * @param services - the partnership's services
 * @param service - the service id
 * @param pool - the pool id, or undefined for the service itself
 * @returns the start and what has it (e.g. `pool licences of service ICT`, for messages), or
 *   undefined for an unknown service or pool, or one from the beginning
 */
export function startOf(
  services: ReadonlyMap<string, Service> | readonly Service[],
  service: string | undefined,
  pool: string | undefined,
): { readonly start: string; readonly what: string } | undefined {
  if (service === undefined) return undefined;
  const found = Array.isArray(services)
    ? (services as readonly Service[]).find((s) => s.id === service)
    : (services as ReadonlyMap<string, Service>).get(service);
  const start =
    pool === undefined
      ? found?.effectiveFrom
      : (found?.pools.find((p) => p.id === pool)?.effectiveFrom ?? found?.effectiveFrom);
  if (start === undefined) return undefined;
  return { start, what: pool === undefined ? `service ${service}` : `pool ${pool} of service ${service}` };
}

/**
 * Adds a cost pool to an existing service, after its other pools, if the service is still at the
 * version the caller read. The pool takes part in the runs and reports of periods from its
 * `effectiveFrom` on (given, or by default the first day of the first open period, not before the
 * day after the latest closed one, nor before its service's start; from the beginning while no
 * period is recorded and the service has no start), so runs of earlier periods keep reproducing.
 * The pool has no cost until lines are recorded in it; its lines are shared by the service-wide
 * rule version in force on their dates, if the service has one, or else by a rule version of the
 * pool itself, which must be proposed and agreed by every partner like any other: until one is, a
 * run of a period with lines in the pool is refused (the domain's `INVALID_SCENARIO`, naming the
 * line and the pool). Lines, budgets and rules of the pool dated before its start are refused.
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
 *   that is not a month's first day or is before the service's start; `PERIOD_CLOSED` when a closed
 *   period ends after it
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
    const what = `pool ${pool.id} of service ${serviceId}`;
    const serviceFrom = before.effectiveFrom;
    if (pool.effectiveFrom !== undefined) {
      // Validation first: a start before the service's answers 422, whatever period it is in.
      if (serviceFrom !== undefined && pool.effectiveFrom < serviceFrom)
        throw new StoreError("INVALID_INPUT", `${what} is not valid`, [
          {
            field: "effectiveFrom",
            message: `service ${serviceId} takes part from ${serviceFrom}: a pool of it takes part on or after ${serviceFrom}`,
          },
        ]);
      await checkStart(tx, partnershipId, pool.effectiveFrom, what);
    }
    // By default not before the service itself: a pool takes part only while its service does.
    const fallback = await defaultStart(tx, partnershipId);
    const from =
      pool.effectiveFrom ??
      (serviceFrom !== undefined && (fallback === undefined || fallback < serviceFrom) ? serviceFrom : fallback);
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
