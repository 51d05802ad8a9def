import { compileFractionWeights, makeSplitPlan, splitInto } from "../allocation/index.js";
import { DomainError } from "../errors/index.js";
import { Fraction } from "../exact/index.js";
import { ContentHasher, canonicalJson } from "../hash/index.js";
import type { CurrencyCode, Money } from "../money/index.js";
import {
  type CalendarDate,
  type FinancialPeriod,
  type PeriodKind,
  parsePeriod,
  periodKey,
  periodOf,
  periodWithin,
} from "../period/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import type { Basis, RuleVersion, Scenario, Service } from "../scenario/Scenario.js";
import { type SupportDistribution, supportDistribution } from "../support/index.js";
import { ENGINE_NAME, ENGINE_VERSION } from "../version.js";
import type {
  Allocation,
  AllocationRun,
  LineKind,
  PartnerAmount,
  PartnerCharges,
  PoolCertificate,
  ServiceSplit,
  SupportResult,
} from "./AllocationRun.js";
import { applyPlan, type BasisContext, compileBasis, explainPlan, type PlanNode, planReach } from "./BasisPlan.js";
import { attributeLines } from "./attributeLines.js";
import { DriverTable } from "./DriverTable.js";
import { basisGranularity, hasRate, RuleBook, SERVICE_WIDE, supportPool } from "./RuleBook.js";

/** Marks the unallocated column in line lineage. */
export const UNALLOCATED = "~unallocated";

const KIND_ORDER: Record<LineKind, number> = { cost: 0, income: 1, support: 2 };

/** A line as the engine works on it: where it goes and when. Amounts live in a separate array. */
interface WorkLine {
  readonly id: string;
  readonly service: ServiceId;
  readonly pool: string;
  readonly date: CalendarDate;
}

interface Group {
  readonly pool: PoolState;
  readonly kind: LineKind;
  readonly version: number;
  readonly key: number;
  readonly date: CalendarDate;
  readonly refs: number[];
}

interface PoolState {
  readonly service: Service;
  readonly pool: string;
  readonly chain: readonly RuleVersion[];
  readonly granularity: readonly (PeriodKind | undefined)[];
  readonly groups: Map<number, Group>[];
}

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Indices of the lines inside the period, in ascending id order; checks ids are unique. */
function canonicalOrder<T extends { readonly id: string; readonly date: CalendarDate }>(
  lines: readonly T[],
  period: FinancialPeriod,
  what: string,
): number[] {
  const order: number[] = [];
  let sorted = true;
  let last: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as T;
    if (line.date < period.start || line.date >= period.end) continue;
    if (last !== undefined && line.id <= last) sorted = false;
    last = line.id;
    order.push(i);
  }
  // Ledger exports are usually in id order already: then the check above was the only cost.
  if (!sorted) order.sort((a, b) => byId(lines[a] as T, lines[b] as T));
  for (let k = 1; k < order.length; k++) {
    if ((lines[order[k] as number] as T).id === (lines[order[k - 1] as number] as T).id) {
      throw new DomainError("INVALID_SCENARIO", `${what}: id ${(lines[order[k] as number] as T).id} is used twice`, {
        path: what,
      });
    }
  }
  return order;
}

/** Options for {@link runAllocation}. */
export interface RunOptions {
  /** Leave out per-line lineage (each allocation's `lines` is then empty); totals are unchanged. */
  readonly lineage?: boolean;
}

/**
 * Runs the allocation for a period: passes support services' costs to the services they serve,
 * groups each pool's lines by the rule version in force on their dates and the driver period they
 * use, splits each group exactly, attributes every line, and proves money in equals money out.
 *
 * The same inputs in any order give the same result and the same hash.
 *
 * @param scenario - the validated scenario (see `parseScenario`)
 * @param periodInput - the financial period to run, e.g. `"2024/25"` or `"2024/25-Q3"`
 * @param options - switches for output size
 * @returns the run: per partner, per service and per pool amounts, lineage and certificate
 * @throws DomainError `NO_RULE_IN_FORCE`, `MISSING_DRIVER`, `ZERO_TOTAL_WEIGHT`, `INVALID_RULE`,
 *   `CURRENCY_MISMATCH`, `INVALID_SUPPORT_MATRIX`, `INVALID_PERIOD`, and `CONSERVATION_BROKEN`
 *   if the run's own proof fails (a bug, never expected)
 * @example
 * const run = runAllocation(loadScenario(doc), "2024/25");
 * run.byPartner.map((p) => [p.partner, formatMoney(p.total)]);
 */
export function runAllocation(scenario: Scenario, periodInput: string | FinancialPeriod, options: RunOptions = {}): AllocationRun {
  const period = typeof periodInput === "string" ? parsePeriod(periodInput) : periodInput;
  const code = scenario.partnership.currency;
  const partners = scenario.partners.map((p) => p.id).sort();
  const partnerIndex = new Map<string, number>(partners.map((p, i) => [p, i]));
  const slots = partners.length + 1;
  const services = new Map<string, Service>(scenario.services.map((s) => [s.id, s]));
  const rules = new RuleBook(scenario);
  const drivers = new DriverTable(scenario.drivers);

  // 1. Lines of the period in canonical order; income as negative amounts.
  const costOrder = canonicalOrder(scenario.costLines, period, "costLines");
  const incomeOrder = canonicalOrder(scenario.income, period, "income");
  const lines: WorkLine[] = [];
  const amounts: number[] = [];
  const kinds: LineKind[] = [];
  for (const i of costOrder) {
    const line = scenario.costLines[i] as Scenario["costLines"][number];
    if (line.amount.currency !== code) {
      throw new DomainError(
        "CURRENCY_MISMATCH",
        `Cost line ${line.id} is in ${line.amount.currency}; this partnership recharges in ${code} (foreign currency conversion is not supported yet)`,
        { path: `costLines.${line.id}` },
      );
    }
    lines.push(line);
    amounts.push(line.amount.minor);
    kinds.push("cost");
  }
  for (const i of incomeOrder) {
    const line = scenario.income[i] as Scenario["income"][number];
    if (line.amount.currency !== code) {
      throw new DomainError("CURRENCY_MISMATCH", `Income line ${line.id} is in ${line.amount.currency}, not ${code}`, {
        path: `income.${line.id}`,
      });
    }
    lines.push({ id: line.id, service: line.service, pool: line.pool ?? SERVICE_WIDE, date: line.date });
    amounts.push(0 - line.amount.minor);
    kinds.push("income");
  }
  const originalCount = lines.length;
  const moneyIn = new Map<string, number>();
  for (let j = 0; j < originalCount; j++) {
    const key = `${(lines[j] as WorkLine).service}\u0000${(lines[j] as WorkLine).pool}`;
    moneyIn.set(key, (moneyIn.get(key) ?? 0) + (amounts[j] as number));
  }

  // 2. Support services pass the share of their costs that other services consume.
  const passedOn = new Map<string, number>();
  let support: SupportResult | undefined;
  if (scenario.support !== undefined) {
    const phi = supportDistribution(
      scenario.services.map((s) => s.id),
      scenario.support,
    );
    support = passSupportCosts(phi, scenario.support.method, lines, amounts, kinds, originalCount, passedOn, code);
  }

  // 3. Group every line by pool, kind, rule version in force on its date and basis period.
  const pools = new Map<string, PoolState>();
  const poolState = (service: ServiceId, pool: string): PoolState => {
    const key = `${service}\u0000${pool}`;
    let state = pools.get(key);
    if (state === undefined) {
      const s = services.get(service);
      if (s === undefined) throw new DomainError("INVALID_SCENARIO", `Unknown service ${service}`);
      const chain = rules.chain(service, pool);
      state = {
        service: s,
        pool,
        chain,
        granularity: chain.map((r) => basisGranularity(r.basis)),
        groups: [new Map(), new Map(), new Map()],
      };
      pools.set(key, state);
    }
    return state;
  };
  let lastService = "";
  let lastPool = "";
  let state: PoolState | undefined;
  for (let j = 0; j < lines.length; j++) {
    const line = lines[j] as WorkLine;
    if (state === undefined || line.service !== lastService || line.pool !== lastPool) {
      state = poolState(line.service, line.pool);
      lastService = line.service;
      lastPool = line.pool;
    }
    const chain = state.chain;
    let v = chain.length - 1;
    while (v >= 0 && (chain[v] as RuleVersion).effectiveFrom > line.date) v--;
    if (v < 0) throw noRule(line, kinds[j] as LineKind, chain);
    const g = state.granularity[v];
    const key = v * 1_000_000 + (g === undefined ? 0 : periodKey(line.date, g));
    const kind = kinds[j] as LineKind;
    const groups = state.groups[KIND_ORDER[kind]] as Map<number, Group>;
    let group = groups.get(key);
    if (group === undefined) {
      group = { pool: state, kind, version: v, key, date: line.date, refs: [] };
      groups.set(key, group);
    }
    group.refs.push(j);
  }

  // 4. Split each group's total once, then attribute it to the group's lines.
  const allGroups = [...pools.values()]
    .sort((a, b) => (a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : 0))
    .flatMap((p) => p.groups.flatMap((m) => [...m.values()].sort((x, y) => x.key - y.key)));
  const plans = new Map<string, PlanNode>();
  const allocations: Allocation[] = [];
  const poolTotals = new Map<string, { state: PoolState; shares: Float64Array; byKind: Float64Array[] }>();
  let linesBalanced = true;
  let lineCount = 0;
  const money = (minor: number): Money => ({ currency: code, minor });

  for (const group of allGroups) {
    const { service } = group.pool;
    const rule = group.pool.chain[group.version] as RuleVersion;
    const next = group.pool.chain[group.version + 1];
    const g = group.pool.granularity[group.version];
    const basisPeriod = g === undefined ? period : periodOf(group.date, g);
    const where = `rule ${rule.id} (${service.id}/${group.pool.pool})`;
    if (hasRate(rule.basis)) checkWholePeriods(rule, next, basisPeriod, period, where);
    const planKey = `${rule.id}\u0000${basisPeriod.name}\u0000${group.pool.pool}`;
    let plan = plans.get(planKey);
    if (plan === undefined) {
      const ctx: BasisContext = {
        partners,
        partnerIndex,
        participants: service.participants,
        lead: service.lead,
        policy: rule.remainder,
        currency: code,
        drivers,
        date: basisPeriod.start,
        where,
      };
      plan = compileBasis(rule.basis, ctx);
      plans.set(planKey, plan);
    }
    let total = 0;
    for (const r of group.refs) total += amounts[r] as number;
    const shares = new Float64Array(slots);
    applyPlan(plan, total, shares);

    const reach = new Set<number>();
    planReach(plan, reach, partners.length);
    shares.forEach((s, i) => {
      if (s !== 0) reach.add(i);
    });
    const recipients = [...reach].sort((a, b) => a - b);
    const columns = attributeLines(plan, shares, recipients, amounts, group.refs);

    // The run's own checks: lines sum to their amounts, columns sum to the group's shares.
    const n = group.refs.length;
    lineCount += n;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (const col of columns) s += col[j] as number;
      if (s !== amounts[group.refs[j] as number]) linesBalanced = false;
    }
    recipients.forEach((slot, r) => {
      let s = 0;
      for (const x of columns[r] as number[]) s += x;
      if (s !== shares[slot]) {
        throw new DomainError("CONSERVATION_BROKEN", `${where}: lines attributed to position ${slot} sum to ${s}, not ${shares[slot]}`);
      }
    });

    const poolKey = `${service.id}\u0000${group.pool.pool}`;
    const pt = poolTotals.get(poolKey) ?? {
      state: group.pool,
      shares: new Float64Array(slots),
      byKind: [new Float64Array(slots), new Float64Array(slots), new Float64Array(slots)],
    };
    for (let i = 0; i < slots; i++) {
      const byKind = pt.byKind[KIND_ORDER[group.kind]] as Float64Array;
      pt.shares[i] = (pt.shares[i] as number) + (shares[i] as number);
      byKind[i] = (byKind[i] as number) + (shares[i] as number);
    }
    poolTotals.set(poolKey, pt);

    const partnerShares: PartnerAmount[] = [];
    partners.forEach((p, i) => {
      if (shares[i] !== 0) partnerShares.push({ partner: p, amount: money(shares[i] as number) });
    });
    allocations.push({
      id: `${service.id}/${group.pool.pool}/${group.kind}/${rule.id}/${basisPeriod.name}`,
      service: service.id,
      pool: group.pool.pool,
      kind: group.kind,
      rule: rule.id,
      policy: rule.remainder,
      basisPeriod: basisPeriod.name,
      total: money(total),
      shares: partnerShares,
      unallocated: money(shares[partners.length] as number),
      basis: explainPlan(plan, total, partners, code),
      recipients: recipients.map((slot) => (slot === partners.length ? UNALLOCATED : (partners[slot] as string))),
      lines:
        options.lineage === false
          ? { ids: [], amounts: [], shares: [] }
          : {
              ids: group.refs.map((r) => (lines[r] as WorkLine).id),
              amounts: group.refs.map((r) => amounts[r] as number),
              shares: columns,
            },
    });
  }

  // 5. Totals by service, pool and partner, and the certificate.
  const byService = buildByService(scenario, poolTotals, partners, code);
  const byPartner = buildByPartner(poolTotals, partners, code);
  const poolCerts: PoolCertificate[] = [];
  const poolKeys = new Set([...moneyIn.keys(), ...poolTotals.keys()]);
  for (const key of [...poolKeys].sort()) {
    const [service, pool] = key.split("\u0000") as [ServiceId, string];
    const pt = poolTotals.get(key);
    const allocated = pt === undefined ? 0 : (pt.shares as Float64Array).subarray(0, partners.length).reduce((s, x) => s + x, 0);
    const unallocated = pt === undefined ? 0 : (pt.shares[partners.length] as number);
    const inflow = (moneyIn.get(key) ?? 0) + (support === undefined ? 0 : supportReceived(support, service, pool));
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
  for (let j = 0; j < originalCount; j++) totalIn += amounts[j] as number;
  totalIn += [...passedOn.values()].reduce((s, x) => s + x, 0);
  const totalAllocated = byPartner.reduce((s, p) => s + p.total.minor, 0);
  const totalUnallocated = byService.reduce((s, x) => s + x.unallocated.minor, 0);
  const certificate = {
    pools: poolCerts,
    linesBalanced,
    lineCount,
    moneyIn: money(totalIn),
    allocated: money(totalAllocated),
    unallocated: money(totalUnallocated),
    balanced: linesBalanced && poolCerts.every((p) => p.balanced) && totalIn === totalAllocated + totalUnallocated,
  };
  if (!certificate.balanced) {
    const bad = poolCerts.filter((p) => !p.balanced).map((p) => `${p.service}/${p.pool}`);
    throw new DomainError(
      "CONSERVATION_BROKEN",
      `The run does not balance (${bad.length > 0 ? `pools ${bad.join(", ")}` : linesBalanced ? "in total" : "line by line"}); this is a bug in the engine`,
    );
  }

  return {
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    partnership: scenario.partnership.id,
    currency: code,
    period: { name: period.name, start: period.start, end: period.end },
    inputHash: hashInputs(scenario, period, costOrder, incomeOrder),
    partners,
    byPartner,
    byService,
    allocations,
    ...(support === undefined ? {} : { support }),
    certificate,
  };
}

function noRule(line: WorkLine, kind: LineKind, chain: readonly RuleVersion[]): DomainError {
  const what = kind === "cost" ? "Cost line" : kind === "income" ? "Income line" : "Support cost";
  const pool = line.pool === SERVICE_WIDE ? "" : ` pool ${line.pool}`;
  const hint =
    chain.length === 0
      ? line.pool === SERVICE_WIDE || line.pool.startsWith("@support:")
        ? `service ${line.service} has no service-wide rule (a rule without a pool)`
        : `there is no rule for ${line.service}${pool} nor a service-wide rule for ${line.service}`
      : `the first rule for ${line.service}${pool} takes effect on ${(chain[0] as RuleVersion).effectiveFrom}`;
  return new DomainError("NO_RULE_IN_FORCE", `${what} ${line.id} (${line.service}${pool}, dated ${line.date}) has no rule in force: ${hint}`, {
    path: line.id,
  });
}

function checkWholePeriods(
  rule: RuleVersion,
  next: RuleVersion | undefined,
  basisPeriod: FinancialPeriod,
  period: FinancialPeriod,
  where: string,
): void {
  if (!periodWithin(period, basisPeriod)) {
    throw new DomainError(
      "INVALID_RULE",
      `${where} charges agreed quantities for ${basisPeriod.name}, but the run covers only ${period.name}; run the whole ${basisPeriod.kind} or agree quantities per ${period.kind}`,
    );
  }
  const coversStart = rule.effectiveFrom <= basisPeriod.start;
  const coversEnd = next === undefined || next.effectiveFrom >= basisPeriod.end;
  if (!coversStart || !coversEnd) {
    throw new DomainError(
      "INVALID_RULE",
      `${where} charges agreed quantities for ${basisPeriod.name}, but is in force for only part of it; agree quantities for a shorter period`,
    );
  }
}

function passSupportCosts(
  phi: SupportDistribution,
  method: SupportResult["method"],
  lines: WorkLine[],
  amounts: number[],
  kinds: LineKind[],
  originalCount: number,
  passedOn: Map<string, number>,
  code: CurrencyCode,
): SupportResult {
  const distribution: { from: ServiceId; to: ServiceId; fraction: Fraction }[] = [];
  const plans = new Map<string, { plan: ReturnType<typeof makeSplitPlan>; ids: readonly string[] }>();
  for (const [from, row] of phi) {
    for (const [to, fraction] of row) distribution.push({ from, to, fraction });
    if (row.size === 1 && row.has(from)) continue;
    const weights = compileFractionWeights([...row].map(([id, weight]) => ({ id, weight })), `support from ${from}`);
    plans.set(from, { plan: makeSplitPlan(weights, "largest-remainder"), ids: weights.ids });
  }
  const flows = new Map<string, number>();
  // Running totals per service and kind keep every service's flows within a penny of exact.
  for (const kind of ["cost", "income"] as const) {
    for (const [from, { plan, ids }] of plans) {
      const self = ids.indexOf(from);
      const cur = new Float64Array(ids.length);
      const prev = new Float64Array(ids.length);
      let running = 0;
      for (let j = 0; j < originalCount; j++) {
        const line = lines[j] as WorkLine;
        if (line.service !== from || kinds[j] !== kind) continue;
        const amount = amounts[j] as number;
        running += amount;
        splitInto(plan, running, cur);
        let moved = 0;
        for (let i = 0; i < ids.length; i++) {
          const part = (cur[i] as number) - (prev[i] as number) + 0;
          prev[i] = cur[i] as number;
          if (i === self || part === 0) continue;
          const to = ids[i] as ServiceId;
          lines.push({ id: `${line.id}@${to}`, service: to, pool: supportPool(from), date: line.date });
          amounts.push(part);
          kinds.push("support");
          moved += part;
          flows.set(`${from}\u0000${to}`, (flows.get(`${from}\u0000${to}`) ?? 0) + part);
        }
        amounts[j] = amount - moved;
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

function supportReceived(support: SupportResult, service: string, pool: string): number {
  if (!pool.startsWith("@support:")) return 0;
  const from = pool.slice("@support:".length);
  return support.flows.filter((f) => f.from === from && f.to === service).reduce((s, f) => s + f.amount.minor, 0);
}

type PoolTotals = Map<string, { state: PoolState; shares: Float64Array; byKind: Float64Array[] }>;

function buildByService(scenario: Scenario, poolTotals: PoolTotals, partners: readonly PartnerId[], code: CurrencyCode): ServiceSplit[] {
  const money = (minor: number): Money => ({ currency: code, minor });
  const shareList = (v: Float64Array) =>
    partners.flatMap((partner, i) => (v[i] === 0 ? [] : [{ partner, amount: money(v[i] as number) }]));
  return [...scenario.services]
    .sort(byId)
    .map((service) => {
      const entries = [...poolTotals.values()].filter((p) => p.state.service.id === service.id).sort((a, b) => (a.state.pool < b.state.pool ? -1 : 1));
      const sum = new Float64Array(partners.length + 1);
      const pools = entries.map((p) => {
        for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (p.shares[i] as number);
        return {
          pool: p.state.pool,
          total: money(p.shares.reduce((s, x) => s + x, 0)),
          shares: shareList(p.shares),
          unallocated: money(p.shares[partners.length] as number),
        };
      });
      return {
        service: service.id,
        lead: service.lead,
        total: money(sum.reduce((s, x) => s + x, 0)),
        shares: shareList(sum),
        unallocated: money(sum[partners.length] as number),
        pools,
      };
    });
}

function buildByPartner(poolTotals: PoolTotals, partners: readonly PartnerId[], code: CurrencyCode): PartnerCharges[] {
  const money = (minor: number): Money => ({ currency: code, minor });
  const entries = [...poolTotals.values()].sort((a, b) =>
    a.state.service.id < b.state.service.id ? -1 : a.state.service.id > b.state.service.id ? 1 : a.state.pool < b.state.pool ? -1 : 1,
  );
  return partners.map((partner, i) => {
    const services = new Map<ServiceId, { pool: string; cost: Money; income: Money; total: Money }[]>();
    for (const p of entries) {
      const total = p.shares[i] as number;
      if (total === 0 && (p.byKind[0]?.[i] ?? 0) === 0 && (p.byKind[1]?.[i] ?? 0) === 0) continue;
      const income = (p.byKind[KIND_ORDER.income] as Float64Array)[i] as number;
      const list = services.get(p.state.service.id) ?? [];
      list.push({ pool: p.state.pool, cost: money(total - income), income: money(income), total: money(total) });
      services.set(p.state.service.id, list);
    }
    const serviceList = [...services].map(([service, pools]) => ({
      service,
      total: money(pools.reduce((s, p) => s + p.total.minor, 0)),
      pools,
    }));
    return { partner, total: money(serviceList.reduce((s, x) => s + x.total.minor, 0)), services: serviceList };
  });
}

/** A basis with its unordered lists sorted, so that list order never changes the hash. */
function normalizeBasis(basis: Basis): Basis {
  const among = "among" in basis && basis.among !== undefined ? { among: [...basis.among].sort() } : {};
  switch (basis.kind) {
    case "blended":
      return { ...basis, ...among, components: [...basis.components].sort((a, b) => (a.driver < b.driver ? -1 : 1)) };
    case "rate":
      return { ...basis, ...among, fallback: normalizeBasis(basis.fallback) };
    case "two-stage":
      return { ...basis, rest: normalizeBasis(basis.rest) };
    case "composite":
      return {
        ...basis,
        components: [...basis.components].sort((a, b) => (a.label < b.label ? -1 : 1)).map((c) => ({ ...c, basis: normalizeBasis(c.basis) })),
      };
    default:
      return { ...basis, ...among };
  }
}

function hashInputs(scenario: Scenario, period: FinancialPeriod, costOrder: readonly number[], incomeOrder: readonly number[]): string {
  const h = new ContentHasher();
  const sorted = <T>(items: readonly T[], key: (t: T) => string) =>
    [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  h.add(`3c-allocation-run\n${ENGINE_NAME}@${ENGINE_VERSION}\nperiod ${period.name}\n`);
  h.add(`partnership ${scenario.partnership.id} ${scenario.partnership.currency}\n`);
  for (const p of sorted(scenario.partners, (p) => p.id)) h.add(`partner ${p.id}\n`);
  for (const s of sorted(scenario.services, (s) => s.id)) {
    const pools = s.pools.map((p) => p.id).sort();
    h.add(`service ${canonicalJson({ id: s.id, lead: s.lead, participants: [...s.participants].sort(), pools })}\n`);
  }
  for (const r of sorted(scenario.rules, (r) => r.id)) {
    const basis = normalizeBasis(r.basis);
    h.add(`rule ${canonicalJson({ id: r.id, service: r.service, pool: r.pool, effectiveFrom: r.effectiveFrom, basis, remainder: r.remainder })}\n`);
  }
  const driverKey = (d: Scenario["drivers"][number]) => `${d.driver}\u0000${d.period}\u0000${d.partner}`;
  for (const d of sorted(scenario.drivers, driverKey)) h.add(`driver ${d.driver} ${d.period} ${d.partner} ${d.quantity}\n`);
  if (scenario.support !== undefined) h.add(`support ${canonicalJson(scenario.support)}\n`);
  for (const i of costOrder) {
    const l = scenario.costLines[i] as Scenario["costLines"][number];
    h.add(`cost ${l.id} ${l.service} ${l.pool} ${l.date} ${l.amount.minor}\n`);
  }
  for (const i of incomeOrder) {
    const l = scenario.income[i] as Scenario["income"][number];
    h.add(`income ${l.id} ${l.service} ${l.pool ?? SERVICE_WIDE} ${l.date} ${l.amount.minor}\n`);
  }
  return h.digest();
}
