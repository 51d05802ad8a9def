import { systemActor } from "../Actor.js";
import type { Store } from "../Store.js";
import { isStoreError, type StoreError } from "../StoreError.js";
import { actorFor, SMALL } from "./fixtures.js";

/**
 * Seeds {@link SMALL} with its one service, ICT (led by A, one pool `staff`), and, unless told not
 * to, the equal-shares rule `ict-equal` from 2024-04-01, proposed by A's finance key and agreed by
 * both partners' approvers.
 *
 * @param store - a store, reset
 * @param options - `rule: false` for the service without a rule
 */
export async function seedSmall(store: Store, options: { readonly rule?: boolean } = {}): Promise<void> {
  const system = systemActor();
  await store.createPartnership(SMALL, system);
  await store.createService(
    SMALL.id,
    { id: "ICT", name: "ICT", lead: "A", pools: [{ id: "staff", name: "Staff" }] },
    system,
  );
  if (options.rule === false) return;
  await store.proposeRule(
    SMALL.id,
    { id: "ict-equal", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "equal" } },
    actorFor("A", "finance"),
  );
  for (const p of ["A", "B"]) await store.consentRule(SMALL.id, "ict-equal", actorFor(p, "approver"));
}

/**
 * The store error a promise rejects with; fails the test if it resolves or rejects otherwise.
 *
 * @param promise - a store call expected to be refused
 * @returns its error
 */
export async function storeErrorOf(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStoreError(error)) throw new Error(`expected a StoreError, got ${String(error)}`);
  return error;
}

/**
 * The code and row issues of the store error a promise rejects with, to compare whole in one
 * `expect`; fails the test if it resolves or rejects otherwise.
 *
 * @param promise - a store call expected to be refused
 * @returns `[code, issues]` of its error
 */
export async function refusalOf(promise: Promise<unknown>): Promise<[StoreError["code"], StoreError["issues"]]> {
  const error = await storeErrorOf(promise);
  return [error.code, error.issues];
}
