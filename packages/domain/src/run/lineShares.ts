import { DomainError } from "../errors/index.js";
import type { Money } from "../money/index.js";
import type { Allocation, AllocationResult, LineShares, PartnerAmount } from "./AllocationRun.js";
import { attributeLines } from "./attributeLines.js";
import { planFromSpec, planReach } from "./BasisPlan.js";

/** Marks the unallocated column in line lineage. */
export const UNALLOCATED = "~unallocated";

/**
 * Works out each line's share of an allocation by the running-total method: in canonical order,
 * line j's shares are split(C_j) − split(C_{j−1}), where C is the running total. Every line's shares
 * sum exactly to the line, each column sums exactly to the allocation's share, and rounding never
 * builds up across lines. Deterministic: the same allocation always gives the same shares.
 *
 * The run keeps lines and a plan rather than every line's shares, so that allocating a million
 * lines costs no more than reading them; this function gives the drill-down on demand.
 *
 * @param allocation - one allocation of a run
 * @param partners - the run's partners (`run.partners`)
 * @returns each line's share per recipient
 * @example const { recipients, shares } = lineShares(run.allocations[0], run.partners);
 */
export function lineShares(allocation: Allocation, partners: readonly string[]): LineShares {
  const partnerIndex = new Map(partners.map((p, i) => [p, i]));
  const slots = partners.length + 1;
  const node = planFromSpec(allocation.plan, partnerIndex);
  const groupShares = new Float64Array(slots);
  for (const s of allocation.shares) groupShares[partnerIndex.get(s.partner) as number] = s.amount.minor;
  groupShares[partners.length] = allocation.unallocated.minor;
  const reach = new Set<number>();
  planReach(node, reach, partners.length);
  groupShares.forEach((s, i) => {
    if (s !== 0) reach.add(i);
  });
  const recipients = [...reach].sort((a, b) => a - b);
  const result = attributeLines(node, groupShares, recipients, allocation.lines.amounts);
  recipients.forEach((slot, r) => {
    if (result.columnTotals[r] !== groupShares[slot] || !result.balanced) {
      throw new DomainError(
        "CONSERVATION_BROKEN",
        `Lines of ${allocation.id} do not add up to its shares; this is a bug in the engine`,
      );
    }
  });
  return {
    recipients: recipients.map((slot) => (slot === partners.length ? UNALLOCATED : (partners[slot] as string))),
    ids: allocation.lines.ids,
    amounts: allocation.lines.amounts,
    shares: result.columns,
  };
}

/** Where one line went: its allocation (rule version, basis, drivers) and each partner's share. */
export interface LineLineage {
  readonly line: string;
  readonly amount: Money;
  readonly allocation: Allocation;
  readonly shares: readonly PartnerAmount[];
  readonly unallocated: Money;
}

/**
 * Traces cost or income lines through a run: which allocation took them (and so which rule version,
 * basis period and driver quantities), and what each partner bears of each line. A line of a
 * support service appears once for the part its own service keeps and once per service its cost
 * passed to (`<id>@<service>`).
 *
 * @param run - an allocation run
 * @param lineIds - the lines to trace
 * @returns lineage for each id found, in the order asked; ids not in the run are left out
 */
export function traceLines(run: AllocationResult, lineIds: readonly string[]): LineLineage[] {
  const wanted = new Set(lineIds);
  const found = new Map<string, LineLineage[]>();
  for (const allocation of run.allocations) {
    const hits: number[] = [];
    allocation.lines.ids.forEach((id, j) => {
      const base = id.includes("@") ? id.slice(0, id.indexOf("@")) : id;
      if (wanted.has(id) || wanted.has(base)) hits.push(j);
    });
    if (hits.length === 0) continue;
    const all = lineShares(allocation, run.partners);
    for (const j of hits) {
      const id = all.ids[j] as string;
      const money = (minor: number): Money => ({ currency: run.currency, minor });
      const shares: PartnerAmount[] = [];
      let unallocated = 0;
      all.recipients.forEach((recipient, r) => {
        const minor = (all.shares[r] as number[])[j] as number;
        if (recipient === UNALLOCATED) unallocated = minor;
        else if (minor !== 0) shares.push({ partner: recipient as PartnerAmount["partner"], amount: money(minor) });
      });
      const key = id.includes("@") ? id.slice(0, id.indexOf("@")) : id;
      const list = found.get(key) ?? [];
      list.push({
        line: id,
        amount: money(all.amounts[j] as number),
        allocation,
        shares,
        unallocated: money(unallocated),
      });
      found.set(key, list);
    }
  }
  return lineIds.flatMap((id) => found.get(id) ?? []);
}
