import type { Actor } from "./Actor.js";
import { type StoreContext, write } from "./StoreContext.js";
import { StoreError } from "./StoreError.js";
import { listServices, lockService, type Pool, type Service } from "./structure.js";

/**
 * Adds a cost pool to an existing service, after its other pools, if the service is still at the
 * version the caller read. The pool has no cost until lines are recorded in it; its lines are shared
 * by the service-wide rule version in force on their dates, if the service has one, or else by a
 * rule version of the pool itself, which must be proposed and agreed by every partner like any
 * other: until one is, a run of a period with lines in the pool is refused (the domain's
 * `INVALID_SCENARIO`, naming the line and the pool). Runs already made keep the pools they were run
 * with; re-checking one afterwards reports its inputs changed, as after a new service.
 *
 * @param ctx - database and clock
 * @param partnershipId - the partnership
 * @param serviceId - the service
 * @param pool - the new pool's id and name
 * @param expectedVersion - the version of the service the caller read (from its ETag), or undefined
 *   to skip the check
 * @param actor - who adds it
 * @returns the service at its new version, with the pool last
 * @throws StoreError `NOT_FOUND` for an unknown service, `VERSION_MISMATCH`, `ALREADY_EXISTS` when
 *   the service already has a pool of that id
 * @example
 * await addPool(ctx, "3c", "ICT", { id: "licences", name: "Software licences" }, 1, admin);
 */
export function addPool(
  ctx: StoreContext,
  partnershipId: string,
  serviceId: string,
  pool: Pool,
  expectedVersion: number | undefined,
  actor: Actor,
): Promise<Service> {
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
    const [{ position }] = (await tx.query<{ position: number }>(
      "SELECT COALESCE(MAX(position), -1) + 1 AS position FROM pools WHERE partnership_id = $1 AND service_id = $2",
      [partnershipId, serviceId],
    )) as [{ position: number }];
    await tx.query("INSERT INTO pools (partnership_id, service_id, id, name, position) VALUES ($1, $2, $3, $4, $5)", [
      partnershipId,
      serviceId,
      pool.id,
      pool.name,
      position,
    ]);
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
