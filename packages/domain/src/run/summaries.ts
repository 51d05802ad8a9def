import type { CurrencyCode, Money } from "../money/index.js";
import type { FinancialPeriod } from "../period/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import { type LeadSegment, leadSegments } from "../scenario/leadSegments.js";
import type { Scenario } from "../scenario/Scenario.js";
import type { PartnerCharges, ServiceSplit } from "./AllocationRun.js";
import { byId, KIND_ORDER, type PoolState } from "./Collector.js";

/** Shares per pool, in total and by kind, by partner position (last slot: unallocated). */
export type PoolTotals = Map<string, { state: PoolState; shares: Float64Array; byKind: Float64Array[] }>;

/**
 * Shares per pool and lead segment (key: service, pool, segment index), for services that change
 * lead inside the period only.
 */
export type SegmentTotals = Map<
  string,
  { state: PoolState; segment: number; shares: Float64Array; byKind: Float64Array[] }
>;

type Totals = { state: PoolState; shares: Float64Array; byKind: Float64Array[] };

/**
 * Each service's total and each partner's share of it, pool by pool, in id order.
 *
 * @param scenario - for the services and their leads
 * @param poolTotals - shares per pool
 * @param partners - partner ids by position
 * @param code - currency
 * @returns one entry per service
 */
export function buildByService(
  scenario: Scenario,
  poolTotals: PoolTotals,
  partners: readonly PartnerId[],
  code: CurrencyCode,
  period: FinancialPeriod,
  segmentTotals: SegmentTotals = new Map(),
): ServiceSplit[] {
  const money = (minor: number): Money => ({ currency: code, minor });
  const shareList = (v: Float64Array) =>
    partners.flatMap((partner, i) => (v[i] === 0 ? [] : [{ partner, amount: money(v[i] as number) }]));
  const split = (entries: readonly Totals[]) => {
    const sum = new Float64Array(partners.length + 1);
    const pools = [...entries]
      .sort((a, b) => (a.state.pool < b.state.pool ? -1 : 1))
      .map((p) => {
        for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (p.shares[i] as number);
        return {
          pool: p.state.pool,
          total: money(p.shares.reduce((s, x) => s + x, 0)),
          shares: shareList(p.shares),
          unallocated: money(p.shares[partners.length] as number),
        };
      });
    return {
      total: money(sum.reduce((s, x) => s + x, 0)),
      shares: shareList(sum),
      unallocated: money(sum[partners.length] as number),
      pools,
    };
  };
  return [...scenario.services].sort(byId).map((service) => {
    const segments = leadSegments(service, period);
    const whole = {
      service: service.id,
      lead: (segments[0] as LeadSegment).lead,
      ...split([...poolTotals.values()].filter((p) => p.state.service.id === service.id)),
    };
    if (segments.length === 1) return whole;
    const mine = [...segmentTotals.values()].filter((p) => p.state.service.id === service.id);
    const leads = segments.map((seg, k) => ({
      lead: seg.lead,
      from: seg.from,
      to: seg.to,
      ...split(mine.filter((p) => p.segment === k)),
    }));
    return { ...whole, leads };
  });
}

/**
 * Each partner's charges by service and pool, with cost and income apart.
 *
 * @param poolTotals - shares per pool
 * @param partners - partner ids by position
 * @param code - currency
 * @returns one entry per partner
 */
export function buildByPartner(
  poolTotals: PoolTotals,
  partners: readonly PartnerId[],
  code: CurrencyCode,
  segmentTotals: SegmentTotals = new Map(),
): PartnerCharges[] {
  const money = (minor: number): Money => ({ currency: code, minor });
  // Whether a partner has anything in a pool's totals: a charge, or costs and income that cancel.
  const touches = (p: Totals, i: number) =>
    (p.shares[i] as number) !== 0 || (p.byKind[0]?.[i] ?? 0) !== 0 || (p.byKind[1]?.[i] ?? 0) !== 0;
  const chargesOf = (entries: readonly Totals[], i: number) => {
    const pools: { pool: string; cost: Money; income: Money; total: Money }[] = [];
    for (const p of entries) {
      const total = p.shares[i] as number;
      if (!touches(p, i)) continue;
      const income = (p.byKind[KIND_ORDER.income] as Float64Array)[i] as number;
      pools.push({ pool: p.state.pool, cost: money(total - income), income: money(income), total: money(total) });
    }
    return pools;
  };
  const segmentEntries = [...segmentTotals.values()].sort((a, b) =>
    a.segment !== b.segment ? a.segment - b.segment : a.state.pool < b.state.pool ? -1 : 1,
  );
  const entries = [...poolTotals.values()].sort((a, b) =>
    a.state.service.id < b.state.service.id
      ? -1
      : a.state.service.id > b.state.service.id
        ? 1
        : a.state.pool < b.state.pool
          ? -1
          : 1,
  );
  return partners.map((partner, i) => {
    const services = new Map<ServiceId, { pool: string; cost: Money; income: Money; total: Money }[]>();
    // A pool whose lead parts cancel over the period (a credit under one lead, a charge under the
    // other) nets to nothing yet is listed: each part is owed to or by its own lead.
    const inParts = new Set(
      segmentEntries.filter((p) => touches(p, i)).map((p) => `${p.state.service.id}\u0000${p.state.pool}`),
    );
    for (const p of entries) {
      const total = p.shares[i] as number;
      if (!touches(p, i) && !inParts.has(`${p.state.service.id}\u0000${p.state.pool}`)) continue;
      const income = (p.byKind[KIND_ORDER.income] as Float64Array)[i] as number;
      const list = services.get(p.state.service.id) ?? [];
      list.push({ pool: p.state.pool, cost: money(total - income), income: money(income), total: money(total) });
      services.set(p.state.service.id, list);
    }
    const serviceList = [...services].map(([service, pools]) => {
      const charge = { service, total: money(pools.reduce((s, p) => s + p.total.minor, 0)), pools };
      const mine = segmentEntries.filter((p) => p.state.service.id === service);
      if (mine.length === 0) return charge;
      const byLead = (mine[0] as Totals).state.segments.flatMap((seg, k) => {
        const segPools = chargesOf(
          mine.filter((p) => p.segment === k),
          i,
        );
        return segPools.length === 0
          ? []
          : [
              {
                lead: seg.lead,
                from: seg.from,
                to: seg.to,
                total: money(segPools.reduce((s, p) => s + p.total.minor, 0)),
                pools: segPools,
              },
            ];
      });
      return { ...charge, byLead };
    });
    return { partner, total: money(serviceList.reduce((s, x) => s + x.total.minor, 0)), services: serviceList };
  });
}
