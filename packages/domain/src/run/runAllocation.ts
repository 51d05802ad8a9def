import { DomainError, isDomainError, isMissingDriverIssue, type MissingDriverIssue } from "../errors/index.js";
import { convertToBase } from "../fx/index.js";
import type { Money } from "../money/index.js";
import { type CalendarDate, type FinancialPeriod, parsePeriod, periodOf, periodWithin } from "../period/index.js";
import type { PartnerId } from "../scenario/ids.js";
import type { LeadSegment } from "../scenario/leadSegments.js";
import type { CostLine, RuleVersion, Scenario, Service } from "../scenario/Scenario.js";
import { supportDistribution } from "../support/index.js";
import { ENGINE_NAME, ENGINE_VERSION } from "../version.js";
import type {
  Allocation,
  AllocationResult,
  AllocationRun,
  PartnerAmount,
  PoolCertificate,
  SupportResult,
} from "./AllocationRun.js";
import {
  applyPlan,
  type BasisContext,
  chargesMagnitude,
  compileBasis,
  explainPlan,
  type PlanNode,
  planToSpec,
} from "./BasisPlan.js";
import { Collector, canonicalOrder, dateKey, type Group, KIND_ORDER, type PoolState } from "./Collector.js";
import { DriverTable } from "./DriverTable.js";
import { hashInputs } from "./hashInputs.js";
import { missingDriverError } from "./missingDriverError.js";
import { passSupportCosts, supportReceived } from "./passSupportCosts.js";
import { poolPlace } from "./poolLabel.js";
import { hasRate, RuleBook, rateRuleProblem, twoStageRestProblems } from "./RuleBook.js";
import { buildByPartner, buildByService, type SegmentTotals } from "./summaries.js";

/**
 * Allocates a period: passes support services' costs to the services they serve, groups each
 * pool's lines by the rule version in force on their dates and the driver period they use, splits
 * each group's total exactly, and proves money in equals money out. Per-line shares are worked out
 * on demand by `lineShares`. The same inputs in any order give the same result.
 *
 * Cost lines in other currencies are first converted at the rate recorded for their date (see
 * `convertToBase`); the conversions are listed in the result.
 *
 * Use this for what-if recalculation; use {@link runAllocation} for a run to keep, which adds the
 * content hash of the inputs.
 *
 * @param scenario - the validated scenario (see `parseScenario`)
 * @param periodInput - the financial period, e.g. `"2024/25"` or `"2024/25-Q3"`
 * @returns per partner, per service and per pool amounts, allocations with lineage, certificate
 * @throws DomainError `MISSING_DRIVER` naming every driver quantity the period's lines need and lack,
 *   an issue per driver and driver period (a `MissingDriverIssue` at `drivers.<driver>`: the driver,
 *   the period, the partners without a quantity and every rule and pool that needs them) — only
 *   those a line needs: a rule no line of the period falls under needs none;
 *   `NO_RULE_IN_FORCE`, `ZERO_TOTAL_WEIGHT`, `INVALID_RULE`,
 *   `MISSING_RATE`, `INVALID_SUPPORT_MATRIX`, `INVALID_PERIOD`, and `CONSERVATION_BROKEN`
 *   if the run's own proof fails (a bug, never expected)
 */
export function allocate(scenario: Scenario, periodInput: string | FinancialPeriod): AllocationResult {
  const period = typeof periodInput === "string" ? parsePeriod(periodInput) : periodInput;
  const direct = allocateInternal(scenario, period, true);
  if (direct !== FOREIGN) return direct.result;
  const { scenario: base, conversions } = convertToBase(scenario, { period });
  const { result } = allocateInternal(base, period, false) as Internal;
  return { ...result, conversions };
}

/**
 * Runs the allocation for a period, as {@link allocate}, and adds `inputHash`: the SHA-256 of the
 * canonical inputs, rule versions and engine version, so that a stored run can be reproduced and
 * checked. The same inputs in any order give the same result and the same hash.
 *
 * @param scenario - the validated scenario (see `parseScenario`)
 * @param periodInput - the financial period to run, e.g. `"2024/25"` or `"2024/25-Q3"`
 * @returns the run: per partner, per service and per pool amounts, lineage, certificate and hash
 * @throws DomainError as {@link allocate}
 * @example
 * const run = runAllocation(loadScenario(doc), "2024/25");
 * run.byPartner.map((p) => [p.partner, formatMoney(p.total)]);
 */
export function runAllocation(given: Scenario, periodInput: string | FinancialPeriod): AllocationRun {
  // Foreign lines are converted at the rate for their date; the hash covers them as given and the rates.
  const runPeriod = typeof periodInput === "string" ? parsePeriod(periodInput) : periodInput;
  const direct = allocateInternal(given, runPeriod, true);
  const { scenario, conversions } =
    direct === FOREIGN ? convertToBase(given, { period: runPeriod }) : { scenario: given, conversions: [] };
  const { result, costOrder, outside, incomeOrder, period } =
    direct === FOREIGN ? (allocateInternal(scenario, runPeriod, false) as Internal) : direct;
  // The period's cost lines in canonical order: as given when they came in id order (all of them,
  // with no copy, when none falls outside the period), else sorted.
  const start = dateKey(period.start);
  const end = dateKey(period.end);
  const costLines =
    costOrder !== undefined
      ? costOrder.map((i) => scenario.costLines[i] as CostLine)
      : outside === 0
        ? scenario.costLines
        : scenario.costLines.filter((l) => dateKey(l.date) >= start && dateKey(l.date) < end);
  const inputHash = hashInputs(scenario, period, costLines, incomeOrder, given);
  return conversions.length === 0 ? { ...result, inputHash } : { ...result, conversions, inputHash };
}

/** What `allocateInternal` returns when it met a cost line to convert and was allowed to stop. */
const FOREIGN = Symbol("foreign");

type Internal = Exclude<ReturnType<typeof allocateInternal>, typeof FOREIGN>;

/**
 * The allocation itself. With `convertible`, a cost line in another currency stops it early with
 * `FOREIGN`, and the caller converts the scenario and calls again: most scenarios have no foreign
 * lines, and finding that out in the same pass that collects the lines saves a pass over them all
 * (about 15 ms per million lines).
 */
function allocateInternal(scenario: Scenario, periodInput: string | FinancialPeriod, convertible: boolean) {
  const period = typeof periodInput === "string" ? parsePeriod(periodInput) : periodInput;
  const code = scenario.partnership.currency;
  const partners = scenario.partners.map((p) => p.id).sort();
  const partnerIndex = new Map<string, number>(partners.map((p, i) => [p, i]));
  const slots = partners.length + 1;
  const services = new Map<string, Service>(scenario.services.map((s) => [s.id, s]));
  const rules = new RuleBook(scenario);
  const drivers = new DriverTable(scenario.drivers);

  // 1. The period's lines in canonical (id) order, grouped as they come; income as negative amounts.
  const newCollector = () => new Collector(services, rules, period, code, scenario.support !== undefined, convertible);
  let collector = newCollector();
  const incomeOrder = canonicalOrder(scenario.income, period, "income");
  let costOrder: number[] | undefined;
  let collected = collector.addAll(scenario.costLines, "cost");
  if (collected === "unordered") {
    // Not in id order (or an id repeats): sort once and collect again.
    collector = newCollector();
    costOrder = canonicalOrder(scenario.costLines, period, "costLines");
    collected = collector.addAll(scenario.costLines, "cost", costOrder);
  }
  if (collected === "foreign") return FOREIGN;
  collector.addAll(scenario.income, "income", incomeOrder);
  const { pools } = collector;
  const originalCount = collector.size;

  // 2. Support services pass the share of their costs that other services consume.
  checkMagnitude(collector.magnitude);
  const passedOn = new Map<string, number>();
  let support: SupportResult | undefined;
  if (scenario.support !== undefined) {
    const phi = supportDistribution(
      scenario.services.map((s) => s.id),
      scenario.support,
    );
    support = passSupportCosts(phi, scenario.support.method, collector, originalCount, passedOn, code);
  }

  // 4. Split each group's total once, then attribute it to the group's lines.
  const allGroups = [...pools.values()]
    .sort((a, b) =>
      a.service.id < b.service.id
        ? -1
        : a.service.id > b.service.id
          ? 1
          : a.pool < b.pool
            ? -1
            : a.pool > b.pool
              ? 1
              : 0,
    )
    .flatMap((p) => p.groups.flatMap((slots) => slots.filter((g): g is Group => g !== undefined)));
  checkMagnitude(collector.magnitude);
  const plans = new Map<string, PlanNode>();
  // Every sum below adds parts of the lines' amounts and of rate charges: exact while their sizes
  // total within 2^53, which is checked here once rather than at every addition.
  let magnitude = collector.magnitude;
  const allocations: Allocation[] = [];
  const poolTotals = new Map<string, { state: PoolState; shares: Float64Array; byKind: Float64Array[] }>();
  const segmentTotals: SegmentTotals = new Map();
  let lineCount = 0;
  const money = (minor: number): Money => ({ currency: code, minor });
  // The driver quantities each plan lacks: gathered over every group, so that one refusal names all
  // the quantities the period's lines need (an importer then imports them in one go).
  const missing = new Map<string, readonly MissingDriverIssue[]>();

  for (const group of allGroups) {
    const { service } = group.pool;
    const rule = group.pool.chain[group.version] as RuleVersion;
    const lead = group.pool.leads[group.version] as PartnerId;
    const segmented = group.pool.segments.length > 1;
    const g = group.pool.granularity[group.version];
    const basisPeriod = g === undefined ? period : periodOf(group.date, g);
    const where = `rule ${rule.id} (${poolPlace(service.id, group.pool.pool)})`;
    const levyCharges = group.kind === "cost";
    if (levyCharges && hasRate(rule.basis)) {
      const problem = rateRuleProblem(rule);
      if (problem !== undefined) throw new DomainError("INVALID_RULE", `${where} ${problem}`);
      checkWholePeriods(group.pool, group.version, basisPeriod, period, where);
    }
    const planKey = `${rule.id}\u0000${basisPeriod.name}\u0000${group.pool.pool}\u0000${levyCharges}\u0000${lead}`;
    let plan = plans.get(planKey);
    if (plan === undefined) {
      if (missing.has(planKey)) continue;
      // parseScenario refuses these; a scenario built in code must not charge a first partner twice.
      const [wrong] = twoStageRestProblems(rule.basis);
      if (wrong !== undefined) throw new DomainError("INVALID_RULE", `${where}: basis.${wrong.path}: ${wrong.message}`);
      const ctx: BasisContext = {
        partners,
        partnerIndex,
        participants: service.participants,
        lead,
        policy: rule.remainder,
        currency: code,
        drivers,
        date: basisPeriod.start,
        where,
        need: { rule: rule.id, service: service.id, pool: group.pool.pool },
        levyCharges,
      };
      try {
        plan = compileBasis(rule.basis, ctx);
      } catch (error) {
        if (!isDomainError(error, "MISSING_DRIVER")) throw error;
        missing.set(planKey, error.issues.filter(isMissingDriverIssue));
        continue;
      }
      plans.set(planKey, plan);
    }
    if (plan.type !== "split") {
      magnitude += chargesMagnitude(plan);
      checkMagnitude(magnitude);
    }
    const { ids, amounts, total } = group;
    lineCount += amounts.length;
    const shares = new Float64Array(slots);
    applyPlan(plan, total, shares);
    let out = 0;
    for (let i = 0; i < slots; i++) out += shares[i] as number;
    if (out !== total) {
      throw new DomainError(
        "CONSERVATION_BROKEN",
        `${where}: shares of ${total} sum to ${out}; this is a bug in the engine`,
      );
    }

    const poolKey = `${service.id}\u0000${group.pool.pool}`;
    const pt = poolTotals.get(poolKey) ?? {
      state: group.pool,
      shares: new Float64Array(slots),
      byKind: [new Float64Array(slots), new Float64Array(slots), new Float64Array(slots)],
    };
    accumulate(pt, KIND_ORDER[group.kind], shares);
    poolTotals.set(poolKey, pt);
    if (segmented) {
      // A service that changes lead in the period also keeps its totals per lead segment.
      const segment = group.pool.segment[group.version] as number;
      const segKey = `${poolKey}\u0000${segment}`;
      const st = segmentTotals.get(segKey) ?? {
        state: group.pool,
        segment,
        shares: new Float64Array(slots),
        byKind: [new Float64Array(slots), new Float64Array(slots), new Float64Array(slots)],
      };
      accumulate(st, KIND_ORDER[group.kind], shares);
      segmentTotals.set(segKey, st);
    }

    const partnerShares: PartnerAmount[] = [];
    partners.forEach((p, i) => {
      if (shares[i] !== 0) partnerShares.push({ partner: p, amount: money(shares[i] as number) });
    });
    const seg = group.pool.segments[group.pool.segment[group.version] as number] as LeadSegment;
    allocations.push({
      id: `${service.id}/${group.pool.pool}/${group.kind}/${rule.id}/${basisPeriod.name}${segmented ? `@${seg.from}` : ""}`,
      service: service.id,
      ...(segmented ? { lead, leadFrom: seg.from, leadTo: seg.to } : {}),
      pool: group.pool.pool,
      kind: group.kind,
      rule: rule.id,
      policy: rule.remainder,
      basisPeriod: basisPeriod.name,
      total: money(total),
      shares: partnerShares,
      unallocated: money(shares[partners.length] as number),
      basis: explainPlan(plan, total, partners, code),
      plan: planToSpec(plan, partners),
      lines: { ids, amounts },
    });
  }

  if (missing.size > 0) throw missingDriverError([...missing.values()].flat(), period.name);

  // 5. Totals by service, pool and partner, and the certificate.
  const byService = buildByService(scenario, poolTotals, partners, code, period, segmentTotals);
  const byPartner = buildByPartner(poolTotals, partners, code, segmentTotals);
  const poolCerts: PoolCertificate[] = [];
  for (const key of [...pools.keys()].sort()) {
    const state = pools.get(key) as PoolState;
    const service = state.service.id;
    const pool = state.pool;
    const pt = poolTotals.get(key);
    const allocated =
      pt === undefined ? 0 : (pt.shares as Float64Array).subarray(0, partners.length).reduce((s, x) => s + x, 0);
    const unallocated = pt === undefined ? 0 : (pt.shares[partners.length] as number);
    const inflow = state.moneyIn + (support === undefined ? 0 : supportReceived(support, service, pool));
    const out = passedOn.get(key) ?? 0;
    poolCerts.push({
      service,
      pool,
      moneyIn: money(inflow),
      passedOn: money(out),
      allocated: money(allocated),
      unallocated: money(unallocated),
      balanced: inflow === out + allocated + unallocated,
    });
  }
  let totalIn = 0;
  for (const state of pools.values()) totalIn += state.moneyIn;
  const totalAllocated = byPartner.reduce((s, p) => s + p.total.minor, 0);
  const totalUnallocated = byService.reduce((s, x) => s + x.unallocated.minor, 0);
  const certificate = {
    pools: poolCerts,
    lineCount,
    moneyIn: money(totalIn),
    allocated: money(totalAllocated),
    unallocated: money(totalUnallocated),
    balanced: poolCerts.every((p) => p.balanced) && totalIn === totalAllocated + totalUnallocated,
  };
  if (!certificate.balanced) {
    const bad = poolCerts.filter((p) => !p.balanced).map((p) => poolPlace(p.service, p.pool));
    throw new DomainError(
      "CONSERVATION_BROKEN",
      `The run does not balance (${bad.length > 0 ? `pools ${bad.join(", ")}` : "in total"}); this is a bug in the engine`,
    );
  }

  const result: AllocationResult = {
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    partnership: scenario.partnership.id,
    currency: code,
    period: { name: period.name, start: period.start, end: period.end },
    partners,
    byPartner,
    byService,
    allocations,
    ...(support === undefined ? {} : { support }),
    certificate,
  };
  return { result, period, costOrder, outside: collector.outside, incomeOrder };
}

/**
 * Refuses a run whose amounts (and rate charges), taken without their signs, total beyond 2^53
 * minor units: past that a sum in numbers could round, so no total of the run would be sure.
 */
function checkMagnitude(magnitude: number): void {
  if (magnitude > Number.MAX_SAFE_INTEGER) {
    throw new DomainError(
      "AMOUNT_OVERFLOW",
      `The period's amounts and rate charges, taken without their signs, total more than ${Number.MAX_SAFE_INTEGER} minor units (the exact range of ±2^53), so its totals could not all be kept exact`,
    );
  }
}

function checkWholePeriods(
  pool: PoolState,
  entry: number,
  basisPeriod: FinancialPeriod,
  period: FinancialPeriod,
  where: string,
): void {
  const rule = pool.chain[entry] as RuleVersion;
  const start = pool.starts[entry] as CalendarDate;
  const next = pool.starts[entry + 1];
  if (!periodWithin(period, basisPeriod)) {
    throw new DomainError(
      "INVALID_RULE",
      `${where} charges agreed quantities for ${basisPeriod.name}, but the run covers only ${period.name}; run the whole ${basisPeriod.kind} or agree quantities per ${period.kind}`,
    );
  }
  const coversStart = start <= basisPeriod.start;
  const coversEnd = next === undefined || next >= basisPeriod.end;
  // A hand-over inside the basis period: each lead would levy the whole period's charges.
  const handover =
    start > basisPeriod.start && start !== rule.effectiveFrom
      ? start
      : next !== undefined && next < basisPeriod.end && pool.chain[entry + 1] === rule
        ? next
        : undefined;
  if (handover !== undefined) {
    throw new DomainError(
      "INVALID_RULE",
      `${where} charges agreed quantities for ${basisPeriod.name}, but ${pool.service.id} changes lead on ${handover}, inside it; agree quantities for each lead's months`,
    );
  }
  if (!coversStart || !coversEnd) {
    throw new DomainError(
      "INVALID_RULE",
      `${where} charges agreed quantities for ${basisPeriod.name}, but is in force for only part of it; agree quantities for a shorter period`,
    );
  }
}

// Adds one group's shares (whole minor units, one slot a partner) into running totals, in all and
// under the group's kind.
function accumulate(into: { shares: Float64Array; byKind: Float64Array[] }, kind: number, shares: Float64Array): void {
  const byKind = into.byKind[kind] as Float64Array;
  for (let i = 0; i < shares.length; i++) {
    into.shares[i] = (into.shares[i] as number) + (shares[i] as number);
    byKind[i] = (byKind[i] as number) + (shares[i] as number);
  }
}
