import { compileFractionWeights, makeSplitPlan, RunningSplitter } from "../allocation/index.js";
import { DomainError } from "../errors/index.js";
import { Fraction } from "../exact/index.js";
import { convertToBase } from "../fx/index.js";
import { ContentHasher, canonicalJson } from "../hash/index.js";
import type { CurrencyCode, Money } from "../money/index.js";
import {
  type CalendarDate,
  type FinancialPeriod,
  monthOrdinal,
  type PeriodKind,
  parsePeriod,
  periodKey,
  periodOf,
  periodWithin,
} from "../period/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import type { Basis, CostLine, IncomeLine, RuleVersion, Scenario, Service } from "../scenario/Scenario.js";
import { type SupportDistribution, supportDistribution } from "../support/index.js";
import { ENGINE_NAME, ENGINE_VERSION } from "../version.js";
import type {
  Allocation,
  AllocationResult,
  AllocationRun,
  LineKind,
  PartnerAmount,
  PartnerCharges,
  PoolCertificate,
  ServiceSplit,
  SupportResult,
} from "./AllocationRun.js";
import { applyPlan, type BasisContext, compileBasis, explainPlan, type PlanNode, planToSpec } from "./BasisPlan.js";
import { DriverTable } from "./DriverTable.js";
import { basisGranularity, hasRate, RuleBook, SERVICE_WIDE, supportPool } from "./RuleBook.js";

const KIND_ORDER: Record<LineKind, number> = { cost: 0, income: 1, support: 2 };
const KINDS: readonly LineKind[] = ["cost", "income", "support"];
/** Months in each period kind, for finding a line's basis period by division. */
const MONTHS: Record<PeriodKind, number> = { month: 1, quarter: 3, year: 12 };

/**
 * A date as one small integer, month ordinal × 32 + day. It orders as the `YYYY-MM-DD` text does
 * (days never reach 32), and its month ordinal is `key >> 5`.
 *
 * Speed: the collector compares every line's date with the period and with its rules' effective
 * dates, and needs its month; one pass over the characters is cheaper than three string
 * comparisons and a second parse.
 *
 * @param date - a valid date
 * @returns the date's key
 */
function dateKey(date: CalendarDate): number {
  return monthOrdinal(date) * 32 + (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
}

/** A line as the engine works on it: where it goes and when. Its amount lives in its group. */
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
  /** The date of the group's first line: picks its basis period. */
  readonly date: CalendarDate;
  /** Position in the collector's group list. */
  readonly index: number;
  /** Lines in the group. */
  size: number;
  /** Sum of `amounts`. */
  total: number;
  /**
   * The group's line ids and amounts in canonical order. They become the allocation's
   * `lines.ids` and `lines.amounts` as they are, with no copy.
   */
  ids: string[];
  amounts: number[];
}

interface PoolState {
  readonly service: Service;
  readonly pool: string;
  readonly chain: readonly RuleVersion[];
  readonly granularity: readonly (PeriodKind | undefined)[];
  /** Each version's effective date as a `dateKey`. */
  readonly from: readonly number[];
  /**
   * Each version's group slot for each month of the run: `slots[v × perVersion + m]` is version
   * v's slot (v × perVersion + the basis period's offset in the run) for the run's month m. Worked
   * out once per pool, so that placing a line takes one look-up rather than a division.
   */
  readonly slots: Int32Array;
  /** Groups by kind, then by slot (see `slots`). */
  readonly groups: (Group | undefined)[][];
  /** Cost less income on the pool's own lines, before support costs move. */
  moneyIn: number;
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
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as T;
    if (line.date >= period.start && line.date < period.end) order.push(i);
  }
  order.sort((a, b) => byId(lines[a] as T, lines[b] as T));
  for (let k = 1; k < order.length; k++) {
    if ((lines[order[k] as number] as T).id === (lines[order[k - 1] as number] as T).id) {
      throw new DomainError("INVALID_SCENARIO", `${what}: id ${(lines[order[k] as number] as T).id} is used twice`, {
        path: what,
      });
    }
  }
  return order;
}

/**
 * Collects the period's lines and groups them by pool, kind, rule version in force on the line's
 * date and basis period. Lines must arrive in canonical (id) order; when they do not, `addAll`
 * says so and the caller sorts and starts again.
 *
 * Only when support costs are to be passed on (`keepLines`) does the collector also remember
 * every line in arrival order, for `passSupportCosts` to walk.
 */
class Collector {
  readonly groups: Group[] = [];
  readonly pools = new Map<string, PoolState>();
  /** Lines collected, and how many of them are cost lines (which come first). */
  size = 0;
  costCount = 0;
  /** Lines given to `addAll` that fall outside the period. */
  outside = 0;
  /** With `keepLines`: every line in arrival order, with its group and position in the group. */
  readonly lines: WorkLine[] = [];
  private readonly lineGroup: number[] = [];
  private readonly linePos: number[] = [];
  private state: PoolState | undefined;
  /**
   * `dateKey` of each date seen. Speed: a run's lines carry few distinct dates (at most 366 a
   * year), often as the very same strings (JSON.parse shares short ones), and a Map look-up by a
   * string whose hash is already known costs less than reading its eight digits again.
   */
  private readonly dateKeys = new Map<string, number>();
  private readonly start: number;
  private readonly end: number;
  private readonly base: Record<PeriodKind, number>;
  /** Month ordinal of the run's first month. */
  private readonly firstMonth: number;
  /** Slots per rule version: one per month of the run, and at least 12 (a year's months). */
  private readonly perVersion: number;

  constructor(
    private readonly services: ReadonlyMap<string, Service>,
    private readonly rules: RuleBook,
    period: FinancialPeriod,
    private readonly code: CurrencyCode,
    private readonly keepLines: boolean,
  ) {
    this.start = dateKey(period.start);
    this.end = dateKey(period.end);
    this.firstMonth = this.start >> 5;
    // The run's last day has key end − 1 at most, and a day is never 0: its month is (end − 2) >> 5.
    this.perVersion = Math.max(12, ((this.end - 2) >> 5) - this.firstMonth + 1);
    this.base = {
      year: periodKey(period.start, "year"),
      quarter: periodKey(period.start, "quarter"),
      month: periodKey(period.start, "month"),
    };
  }

  /**
   * Adds lines of one kind. Without `order`, takes the lines as given and gives up (returning
   * false) at the first one out of id order.
   *
   * Two passes. The first checks each line and finds its group; the second copies ids and amounts
   * into arrays made to each group's exact size, which become the allocations' lines, and totals
   * them. Speed: growing a million-entry array by `push` costs about twice as much as reading every
   * line again, and each large array is memory the system must map afresh, so the passes share
   * only a group number per line.
   */
  addAll(source: readonly (CostLine | IncomeLine)[], kind: LineKind, order?: readonly number[]): boolean {
    const { start, end } = this;
    const kindIndex = KIND_ORDER[kind];
    const count = order === undefined ? source.length : order.length;
    // Each line's group, as its position among the groups this call makes; −1 outside the period.
    const groupOf = new Int32Array(count);
    const firstGroup = this.groups.length;
    let last = "";
    for (let k = 0; k < count; k++) {
      const line = source[order === undefined ? k : (order[k] as number)] as CostLine | IncomeLine;
      const key = this.keyOf(line.date);
      if (key < start || key >= end) {
        groupOf[k] = -1;
        this.outside++;
        continue;
      }
      if (order === undefined) {
        if (line.id <= last) return false;
        last = line.id;
      }
      if (line.amount.currency !== this.code) {
        throw new DomainError(
          "CURRENCY_MISMATCH",
          `${kind === "income" ? "Income" : "Cost"} line ${line.id} is in ${line.amount.currency}; this partnership recharges in ${this.code} and it was not converted`,
          { path: line.id },
        );
      }
      const group = this.groupFor(line, line.pool ?? SERVICE_WIDE, kindIndex, key);
      group.size++;
      groupOf[k] = group.index - firstGroup;
    }
    // Each group takes lines of one kind only, so the groups this call made hold all its lines.
    const made = this.groups.slice(firstGroup);
    const ids = made.map((g) => new Array<string>(g.size));
    const amounts = made.map((g) => new Array<number>(g.size));
    const filled = new Int32Array(made.length);
    const totals = new Float64Array(made.length);
    const sign = kind === "income" ? -1 : 1;
    for (let k = 0; k < count; k++) {
      const g = groupOf[k] as number;
      if (g < 0) continue;
      const line = source[order === undefined ? k : (order[k] as number)] as CostLine | IncomeLine;
      const minor = sign * line.amount.minor + 0;
      const p = filled[g] as number;
      filled[g] = p + 1;
      (ids[g] as string[])[p] = line.id;
      (amounts[g] as number[])[p] = minor;
      totals[g] = (totals[g] as number) + minor;
      if (this.keepLines) {
        this.lines.push(
          line.pool === undefined
            ? { id: line.id, service: line.service, pool: SERVICE_WIDE, date: line.date }
            : (line as WorkLine),
        );
        this.lineGroup.push(g + firstGroup);
        this.linePos.push(p);
      }
    }
    made.forEach((group, g) => {
      group.ids = ids[g] as string[];
      group.amounts = amounts[g] as number[];
      group.total = totals[g] as number;
      group.pool.moneyIn += group.total;
      this.size += group.size;
      if (kindIndex === 0) this.costCount += group.size;
    });
    return true;
  }

  /** Adds one line (support passes costs on this way) and returns its pool's state. */
  add(line: WorkLine, kind: LineKind, amount: number): PoolState {
    const group = this.groupFor(line, line.pool, KIND_ORDER[kind], this.keyOf(line.date));
    const p = group.size++;
    group.ids.push(line.id);
    group.amounts.push(amount);
    group.total += amount;
    if (this.keepLines) {
      this.lines.push(line);
      this.lineGroup.push(group.index);
      this.linePos.push(p);
    }
    this.size++;
    if (kind === "cost") this.costCount++;
    return group.pool;
  }

  /** The `dateKey` of a date, remembered. */
  private keyOf(date: CalendarDate): number {
    let key = this.dateKeys.get(date);
    if (key === undefined) {
      key = dateKey(date);
      this.dateKeys.set(date, key);
    }
    return key;
  }

  /** The group of a line of `kind` (a `KIND_ORDER`) in `pool` whose date has `dateKey` `key`. */
  private groupFor(line: Omit<WorkLine, "pool">, pool: string, kind: number, key: number): Group {
    let state = this.state;
    if (state === undefined || line.service !== state.service.id || pool !== state.pool) {
      state = this.poolState(line.service, pool);
      this.state = state;
    }
    const from = state.from;
    let v = from.length - 1;
    while (v >= 0 && (from[v] as number) > key) v--;
    if (v < 0) throw noRule({ ...line, pool }, KINDS[kind] as LineKind, state.chain);
    const slot = state.slots[v * this.perVersion + (key >> 5) - this.firstMonth] as number;
    const groups = state.groups[kind] as (Group | undefined)[];
    return groups[slot] ?? this.newGroup(state, kind, v, line.date, slot);
  }

  private newGroup(state: PoolState, kind: number, version: number, date: CalendarDate, slot: number): Group {
    const group: Group = {
      pool: state,
      kind: KINDS[kind] as LineKind,
      version,
      date,
      index: this.groups.length,
      size: 0,
      total: 0,
      ids: [],
      amounts: [],
    };
    (state.groups[kind] as (Group | undefined)[])[slot] = group;
    this.groups.push(group);
    return group;
  }

  /**
   * The rule version a line kept by `keepLines` falls under.
   *
   * @param j - the line's position in arrival order
   * @returns its group's rule version
   */
  ruleOf(j: number): RuleVersion {
    const group = this.groups[this.lineGroup[j] as number] as Group;
    return group.pool.chain[group.version] as RuleVersion;
  }

  /** The amount of a line kept by `keepLines`, by its position in arrival order. */
  amountOf(j: number): number {
    return (this.groups[this.lineGroup[j] as number] as Group).amounts[this.linePos[j] as number] as number;
  }

  /** Changes the amount of a line kept by `keepLines`, by its position in arrival order. */
  setAmount(j: number, amount: number): void {
    const group = this.groups[this.lineGroup[j] as number] as Group;
    const p = this.linePos[j] as number;
    group.total += amount - (group.amounts[p] as number);
    group.amounts[p] = amount;
  }

  /**
   * Groups live in a small array per pool and kind: `perVersion` slots per rule version (12 for any
   * run of a year or less), one per basis period. For each version and month of the run, the slot
   * its lines go to.
   */
  private slotTable(granularity: readonly (PeriodKind | undefined)[]): Int32Array {
    const per = this.perVersion;
    const slots = new Int32Array(granularity.length * per);
    granularity.forEach((g, v) => {
      for (let m = 0; m < per; m++) {
        // Financial months are counted from April (periodKey's count): ordinal − 3.
        const offset = g === undefined ? 0 : Math.floor((this.firstMonth + m - 3) / MONTHS[g]) - this.base[g];
        slots[v * per + m] = v * per + offset;
      }
    });
    return slots;
  }

  private poolState(service: ServiceId, pool: string): PoolState {
    const key = `${service}\u0000${pool}`;
    let state = this.pools.get(key);
    if (state === undefined) {
      const s = this.services.get(service);
      if (s === undefined) throw new DomainError("INVALID_SCENARIO", `Unknown service ${service}`);
      const chain = this.rules.chain(service, pool);
      const granularity = chain.map((r) => basisGranularity(r.basis));
      state = {
        service: s,
        pool,
        chain,
        granularity,
        from: chain.map((r) => dateKey(r.effectiveFrom)),
        slots: this.slotTable(granularity),
        groups: [[], [], []],
        moneyIn: 0,
      };
      this.pools.set(key, state);
    }
    return state;
  }
}

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
 * @throws DomainError `NO_RULE_IN_FORCE`, `MISSING_DRIVER`, `ZERO_TOTAL_WEIGHT`, `INVALID_RULE`,
 *   `MISSING_RATE`, `INVALID_SUPPORT_MATRIX`, `INVALID_PERIOD`, and `CONSERVATION_BROKEN`
 *   if the run's own proof fails (a bug, never expected)
 */
export function allocate(scenario: Scenario, periodInput: string | FinancialPeriod): AllocationResult {
  const { scenario: base, conversions } = convertToBase(scenario);
  const { result } = allocateInternal(base, periodInput);
  return conversions.length === 0 ? result : { ...result, conversions };
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
  const { scenario, conversions } = convertToBase(given);
  const { result, costOrder, outside, incomeOrder, period } = allocateInternal(scenario, periodInput);
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

function allocateInternal(scenario: Scenario, periodInput: string | FinancialPeriod) {
  const period = typeof periodInput === "string" ? parsePeriod(periodInput) : periodInput;
  const code = scenario.partnership.currency;
  const partners = scenario.partners.map((p) => p.id).sort();
  const partnerIndex = new Map<string, number>(partners.map((p, i) => [p, i]));
  const slots = partners.length + 1;
  const services = new Map<string, Service>(scenario.services.map((s) => [s.id, s]));
  const rules = new RuleBook(scenario);
  const drivers = new DriverTable(scenario.drivers);

  // 1. The period's lines in canonical (id) order, grouped as they come; income as negative amounts.
  const newCollector = () => new Collector(services, rules, period, code, scenario.support !== undefined);
  let collector = newCollector();
  const incomeOrder = canonicalOrder(scenario.income, period, "income");
  let costOrder: number[] | undefined;
  if (!collector.addAll(scenario.costLines, "cost")) {
    // Not in id order (or an id repeats): sort once and collect again.
    collector = newCollector();
    costOrder = canonicalOrder(scenario.costLines, period, "costLines");
    collector.addAll(scenario.costLines, "cost", costOrder);
  }
  collector.addAll(scenario.income, "income", incomeOrder);
  const { pools } = collector;
  const originalCount = collector.size;

  // 2. Support services pass the share of their costs that other services consume.
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
  const plans = new Map<string, PlanNode>();
  const allocations: Allocation[] = [];
  const poolTotals = new Map<string, { state: PoolState; shares: Float64Array; byKind: Float64Array[] }>();
  let lineCount = 0;
  const money = (minor: number): Money => ({ currency: code, minor });

  for (const group of allGroups) {
    const { service } = group.pool;
    const rule = group.pool.chain[group.version] as RuleVersion;
    const next = group.pool.chain[group.version + 1];
    const g = group.pool.granularity[group.version];
    const basisPeriod = g === undefined ? period : periodOf(group.date, g);
    const where = `rule ${rule.id} (${service.id}/${group.pool.pool})`;
    const levyCharges = group.kind === "cost";
    if (levyCharges && hasRate(rule.basis)) checkWholePeriods(rule, next, basisPeriod, period, where);
    const planKey = `${rule.id}\u0000${basisPeriod.name}\u0000${group.pool.pool}\u0000${levyCharges}`;
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
        levyCharges,
      };
      plan = compileBasis(rule.basis, ctx);
      plans.set(planKey, plan);
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
      plan: planToSpec(plan, partners),
      lines: { ids, amounts },
    });
  }

  // 5. Totals by service, pool and partner, and the certificate.
  const byService = buildByService(scenario, poolTotals, partners, code);
  const byPartner = buildByPartner(poolTotals, partners, code);
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
    const bad = poolCerts.filter((p) => !p.balanced).map((p) => `${p.service}/${p.pool}`);
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

function noRule(line: WorkLine, kind: LineKind, chain: readonly RuleVersion[]): DomainError {
  const what = kind === "cost" ? "Cost line" : kind === "income" ? "Income line" : "Support cost";
  const pool = line.pool === SERVICE_WIDE ? "" : ` pool ${line.pool}`;
  const hint =
    chain.length === 0
      ? line.pool === SERVICE_WIDE || line.pool.startsWith("@support:")
        ? `service ${line.service} has no service-wide rule (a rule without a pool)`
        : `there is no rule for ${line.service}${pool} nor a service-wide rule for ${line.service}`
      : `the first rule for ${line.service}${pool} takes effect on ${(chain[0] as RuleVersion).effectiveFrom}`;
  return new DomainError(
    "NO_RULE_IN_FORCE",
    `${what} ${line.id} (${line.service}${pool}, dated ${line.date}) has no rule in force: ${hint}`,
    {
      path: line.id,
    },
  );
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

function supportReceived(support: SupportResult, service: string, pool: string): number {
  if (!pool.startsWith("@support:")) return 0;
  const from = pool.slice("@support:".length);
  return support.flows.filter((f) => f.from === from && f.to === service).reduce((s, f) => s + f.amount.minor, 0);
}

type PoolTotals = Map<string, { state: PoolState; shares: Float64Array; byKind: Float64Array[] }>;

function buildByService(
  scenario: Scenario,
  poolTotals: PoolTotals,
  partners: readonly PartnerId[],
  code: CurrencyCode,
): ServiceSplit[] {
  const money = (minor: number): Money => ({ currency: code, minor });
  const shareList = (v: Float64Array) =>
    partners.flatMap((partner, i) => (v[i] === 0 ? [] : [{ partner, amount: money(v[i] as number) }]));
  return [...scenario.services].sort(byId).map((service) => {
    const entries = [...poolTotals.values()]
      .filter((p) => p.state.service.id === service.id)
      .sort((a, b) => (a.state.pool < b.state.pool ? -1 : 1));
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
        components: [...basis.components]
          .sort((a, b) => (a.label < b.label ? -1 : 1))
          .map((c) => ({ ...c, basis: normalizeBasis(c.basis) })),
      };
    default:
      return { ...basis, ...among };
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of a typed array in little-endian order, whatever the platform's own order. */
function littleEndian(values: Uint32Array | Float64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const view = new DataView(new ArrayBuffer(values.byteLength));
  values.forEach((v, i) => {
    if (values instanceof Float64Array) view.setFloat64(i * 8, v, true);
    else view.setUint32(i * 4, v, true);
  });
  return new Uint8Array(view.buffer);
}

function hashInputs(
  scenario: Scenario,
  period: FinancialPeriod,
  costLines: readonly CostLine[],
  incomeOrder: readonly number[],
  given: Scenario,
): string {
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
    h.add(
      `rule ${canonicalJson({ id: r.id, service: r.service, pool: r.pool, effectiveFrom: r.effectiveFrom, basis, remainder: r.remainder })}\n`,
    );
  }
  const driverKey = (d: Scenario["drivers"][number]) => `${d.driver}\u0000${d.period}\u0000${d.partner}`;
  for (const d of sorted(scenario.drivers, driverKey))
    h.add(`driver ${d.driver} ${d.period} ${d.partner} ${d.quantity}\n`);
  if (scenario.support !== undefined) h.add(`support ${canonicalJson(scenario.support)}\n`);
  // Lines as given in other currencies, and the rates that converted them (the columns below hold
  // the converted amounts); standard-rated lines for VAT.
  if (given.fx !== undefined) {
    const rates = sorted(given.fx.rates, (r) => `${r.currency}\u0000${r.date}`);
    const budget = sorted(given.fx.budgetRates, (r) => `${r.currency}\u0000${r.year}`);
    h.add(`fx ${canonicalJson({ rounding: given.fx.rounding, rates, budgetRates: budget })}\n`);
  }
  const base = given.partnership.currency;
  for (const l of sorted(
    given.costLines.filter((x) => x.amount.currency !== base || x.vat !== undefined),
    (x) => x.id,
  )) {
    h.add(`line-as-given ${l.id} ${l.amount.currency} ${l.amount.minor} ${l.vat ?? "outside-scope"}\n`);
  }
  // Cost lines are the bulk: hash them as columns of fixed-width binary (ids as text), which
  // halves the bytes compared with one text line each and builds no string per line.
  const n = costLines.length;
  const poolNo = new Uint32Array(n);
  const dates = new Uint32Array(n);
  const minors = new Float64Array(n);
  // Pools numbered in order of first appearance; a nested map avoids building a key per line.
  const poolKeys: [string, string][] = [];
  const poolNos = new Map<string, Map<string, number>>();
  let lastService = "";
  let lastPool = "";
  let lastNo = -1;
  for (let j = 0; j < n; j++) {
    const l = costLines[j] as CostLine;
    if (l.service !== lastService || l.pool !== lastPool) {
      let byPool = poolNos.get(l.service);
      if (byPool === undefined) {
        byPool = new Map();
        poolNos.set(l.service, byPool);
      }
      let no = byPool.get(l.pool);
      if (no === undefined) {
        no = poolKeys.length;
        byPool.set(l.pool, no);
        poolKeys.push([l.service, l.pool]);
      }
      lastService = l.service;
      lastPool = l.pool;
      lastNo = no;
    }
    poolNo[j] = lastNo;
    const d = l.date;
    // YYYYMMDD as an integer, read from the characters.
    dates[j] =
      (d.charCodeAt(0) - 48) * 10_000_000 +
      (d.charCodeAt(1) - 48) * 1_000_000 +
      (d.charCodeAt(2) - 48) * 100_000 +
      (d.charCodeAt(3) - 48) * 10_000 +
      (d.charCodeAt(5) - 48) * 1000 +
      (d.charCodeAt(6) - 48) * 100 +
      (d.charCodeAt(8) - 48) * 10 +
      (d.charCodeAt(9) - 48);
    minors[j] = l.amount.minor;
  }
  h.add(`cost-pools ${canonicalJson(poolKeys)}\ncost-lines ${n}\n`);
  // Ids one a line, added a few thousand at a time: the same text as one join of a million ids,
  // without building (and mapping memory for) a string of tens of megabytes.
  const piece: string[] = [];
  for (let j = 0; j < n; j++) {
    piece.push((costLines[j] as CostLine).id);
    if (piece.length === 4096 || j === n - 1) {
      h.add(`${piece.join("\n")}\n`);
      piece.length = 0;
    }
  }
  if (n === 0) h.add("\n");
  h.add("columns pool:u32le date:u32le minor:f64le\n");
  h.addBytes(littleEndian(poolNo));
  h.addBytes(littleEndian(dates));
  h.addBytes(littleEndian(minors));
  for (const i of incomeOrder) {
    const l = scenario.income[i] as Scenario["income"][number];
    h.add(`income ${l.id} ${l.service} ${l.pool ?? SERVICE_WIDE} ${l.date} ${l.amount.minor}\n`);
  }
  return h.digest();
}
