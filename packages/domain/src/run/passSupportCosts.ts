import { makeSplitPlan, RunningSplitter } from "../allocation/index.js";
import { compileFractionWeights } from "../allocation/Weights.js";
import { Fraction } from "../exact/index.js";
import type { CurrencyCode } from "../money/index.js";
import type { ServiceId } from "../scenario/ids.js";
import type { SupportDistribution } from "../support/index.js";
import type { SupportResult } from "./AllocationRun.js";
import type { Collector, WorkLine } from "./Collector.js";
import { supportPool } from "./RuleBook.js";

/**
 * Passes support services' costs to the services that consume them: each support service's lines,
 * in canonical order and by running totals, are split by the exact distribution; the parts become
 * lines of the receiving service's `@support:<from>` pool, and the supplier keeps the rest. Lines
 * under a direct-charge rule are not passed on.
 *
 * @param phi - where each unit of each service's own cost ends up
 * @param method - the support method, for the report
 * @param collector - the collected lines; support lines are added to it
 * @param originalCount - how many lines were collected before any support line
 * @param passedOn - receives, per `service\u0000pool`, the money passed on
 * @param code - currency
 * @returns the distribution and the money moved between services
 */
export function passSupportCosts(
  phi: SupportDistribution,
  method: SupportResult["method"],
  collector: Collector,
  originalCount: number,
  passedOn: Map<string, number>,
  code: CurrencyCode,
): SupportResult {
  const distribution: { from: ServiceId; to: ServiceId; fraction: Fraction }[] = [];
  const plans = new Map<string, { plan: ReturnType<typeof makeSplitPlan>; ids: readonly string[] }>();
  for (const [from, row] of phi) {
    for (const [to, fraction] of row) distribution.push({ from, to, fraction });
    if (row.size === 1 && row.has(from)) continue;
    const weights = compileFractionWeights(
      [...row].map(([id, weight]) => ({ id, weight })),
      `support from ${from}`,
    );
    plans.set(from, { plan: makeSplitPlan(weights, "largest-remainder"), ids: weights.ids });
  }
  const flows = new Map<string, number>();
  // Running totals per service and kind keep every service's flows within a penny of exact.
  const ranges = [
    [0, collector.costCount],
    [collector.costCount, originalCount],
  ] as const;
  for (const [first, end] of ranges) {
    for (const [from, { plan, ids }] of plans) {
      const self = ids.indexOf(from);
      const splitter = new RunningSplitter(plan);
      const parts = new Float64Array(ids.length);
      for (let j = first; j < end; j++) {
        const line = collector.lines[j] as WorkLine;
        // A direct charge belongs to one council ("managed on behalf of"): it is not the service's
        // output, so other services consume none of it.
        if (line.service !== from || collector.ruleOf(j).basis.kind === "direct") continue;
        const amount = collector.amountOf(j);
        splitter.next(amount, parts);
        let moved = 0;
        for (let i = 0; i < ids.length; i++) {
          const part = parts[i] as number;
          if (i === self || part === 0) continue;
          const to = ids[i] as ServiceId;
          collector.add(
            { id: `${line.id}@${to}`, service: to, pool: supportPool(from), date: line.date },
            "support",
            part,
          );
          moved += part;
          flows.set(`${from}\u0000${to}`, (flows.get(`${from}\u0000${to}`) ?? 0) + part);
        }
        collector.setAmount(j, amount - moved);
        const key = `${from}\u0000${line.pool}`;
        passedOn.set(key, (passedOn.get(key) ?? 0) + moved);
      }
    }
  }
  return {
    method,
    distribution: distribution
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0))
      .map((d) => ({
        from: d.from,
        to: d.to,
        fraction: d.fraction.toData(),
        percent: d.fraction.mul(Fraction.of(100n)).toDecimalString(6, "half-even"),
      })),
    flows: [...flows]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, minor]) => {
        const [from, to] = key.split("\u0000") as [ServiceId, ServiceId];
        return { from, to, amount: { currency: code, minor } };
      }),
  };
}

/**
 * Money a pool received from a support service (zero for other pools).
 *
 * @param support - the run's support result
 * @param service - receiving service
 * @param pool - pool id; only `@support:<from>` pools receive
 * @returns minor units received
 */
export function supportReceived(support: SupportResult, service: string, pool: string): number {
  if (!pool.startsWith("@support:")) return 0;
  const from = pool.slice("@support:".length);
  return support.flows.filter((f) => f.from === from && f.to === service).reduce((s, f) => s + f.amount.minor, 0);
}
