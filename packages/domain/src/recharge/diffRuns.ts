import { DomainError } from "../errors/index.js";
import type { Money } from "../money/index.js";
import { sumMinor } from "../money/Money.js";
import type { AllocationResult } from "../run/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";

/** One figure before and after, and the exact change. */
export interface Change {
  readonly before: Money;
  readonly after: Money;
  /** after − before. */
  readonly change: Money;
}

/** The exact differences between two allocations of the same partnership and currency. */
export interface RunDiff {
  readonly before: { readonly period: string; readonly engine: string };
  readonly after: { readonly period: string; readonly engine: string };
  /** Each partner's whole charge. */
  readonly partners: readonly ({ readonly partner: PartnerId } & Change)[];
  /** Each partner's charge for each service. */
  readonly services: readonly ({ readonly service: ServiceId; readonly partner: PartnerId } & Change)[];
  /** Each partner's charge for each pool (only where something changed). */
  readonly pools: readonly ({
    readonly service: ServiceId;
    readonly pool: string;
    readonly partner: PartnerId;
  } & Change)[];
  /** Whether anything differs at all. */
  readonly changed: boolean;
}

/**
 * Compares two allocations — before and after a corrected driver, two bases side by side, two
 * periods — and gives every partner's exact difference in total, by service and by pool. This is
 * the what-if engine: change the scenario, allocate again, diff.
 *
 * @param before - the base allocation
 * @param after - the changed allocation
 * @returns exact differences; pools and services that did not change for a partner are left out
 * @throws DomainError `CURRENCY_MISMATCH` when the runs are in different currencies
 */
export function diffRuns(before: AllocationResult, after: AllocationResult): RunDiff {
  if (before.currency !== after.currency) {
    throw new DomainError("CURRENCY_MISMATCH", `Cannot compare a ${before.currency} run with a ${after.currency} run`);
  }
  const currency = before.currency;
  const money = (minor: number): Money => ({ currency, minor: minor + 0 });
  const change = (b: number, a: number): Change => ({
    before: money(b),
    after: money(a),
    change: money(sumMinor([a, -b], "change")),
  });
  const partners = [...new Set([...before.partners, ...after.partners])].sort();

  const tables = (run: AllocationResult) => {
    const total = new Map<string, number>();
    const service = new Map<string, number>();
    const pool = new Map<string, number>();
    for (const p of run.byPartner) {
      total.set(p.partner, p.total.minor);
      for (const s of p.services) {
        service.set(`${s.service}\u0000${p.partner}`, s.total.minor);
        for (const x of s.pools) pool.set(`${s.service}\u0000${x.pool}\u0000${p.partner}`, x.total.minor);
      }
    }
    return { total, service, pool };
  };
  const b = tables(before);
  const a = tables(after);
  const keys = (m1: Map<string, number>, m2: Map<string, number>) => [...new Set([...m1.keys(), ...m2.keys()])].sort();

  const partnerRows = partners.map((partner) => ({
    partner,
    ...change(b.total.get(partner) ?? 0, a.total.get(partner) ?? 0),
  }));
  const serviceRows = keys(b.service, a.service)
    .map((key) => {
      const [service, partner] = key.split("\u0000") as [ServiceId, PartnerId];
      return { service, partner, ...change(b.service.get(key) ?? 0, a.service.get(key) ?? 0) };
    })
    .filter((r) => r.change.minor !== 0);
  const poolRows = keys(b.pool, a.pool)
    .map((key) => {
      const [service, pool, partner] = key.split("\u0000") as [ServiceId, string, PartnerId];
      return { service, pool, partner, ...change(b.pool.get(key) ?? 0, a.pool.get(key) ?? 0) };
    })
    .filter((r) => r.change.minor !== 0);
  return {
    before: { period: before.period.name, engine: `${before.engine.name}@${before.engine.version}` },
    after: { period: after.period.name, engine: `${after.engine.name}@${after.engine.version}` },
    partners: partnerRows,
    services: serviceRows,
    pools: poolRows,
    changed: partnerRows.some((r) => r.change.minor !== 0) || poolRows.length > 0,
  };
}
