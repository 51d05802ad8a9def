import { DomainError } from "../errors/index.js";
import type { CurrencyCode } from "../money/index.js";
import { type CalendarDate, type FinancialPeriod, monthOrdinal, type PeriodKind, periodKey } from "../period/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import { type LeadSegment, leadSegments } from "../scenario/leadSegments.js";
import type { CostLine, IncomeLine, RuleVersion, Service } from "../scenario/Scenario.js";
import type { LineKind } from "./AllocationRun.js";
import { poolLabel } from "./poolLabel.js";
import { basisGranularity, type RuleBook, SERVICE_WIDE } from "./RuleBook.js";

/** Position of each kind of line in per-kind arrays. */
export const KIND_ORDER: Record<LineKind, number> = { cost: 0, income: 1, support: 2 };
export const KINDS: readonly LineKind[] = ["cost", "income", "support"];
/** Months in each period kind, for finding a line's basis period by division. */
export const MONTHS: Record<PeriodKind, number> = { month: 1, quarter: 3, year: 12 };

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
export function dateKey(date: CalendarDate): number {
  return monthOrdinal(date) * 32 + (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
}

/** A line as the engine works on it: where it goes and when. Its amount lives in its group. */
export interface WorkLine {
  readonly id: string;
  readonly service: ServiceId;
  readonly pool: string;
  readonly date: CalendarDate;
}

export interface Group {
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

export interface PoolState {
  readonly service: Service;
  readonly pool: string;
  /**
   * The rule versions in force, in date order; a version is listed once more from each hand-over
   * inside the period during its time, so that each entry has one rule and one lead.
   */
  readonly chain: readonly RuleVersion[];
  /** Each entry's lead (the lead in force from the entry's start, or from the period's start). */
  readonly leads: readonly PartnerId[];
  /** Each entry's start: its rule's effective date, or the hand-over that began it. */
  readonly starts: readonly CalendarDate[];
  /** Each entry's lead segment (index into `segments`). */
  readonly segment: readonly number[];
  /** The service's lead segments over the period (one when no hand-over falls inside it). */
  readonly segments: readonly LeadSegment[];
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

export function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Indices of the lines inside the period, in ascending id order; checks ids are unique. */
export function canonicalOrder<T extends { readonly id: string; readonly date: CalendarDate }>(
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
export class Collector {
  readonly groups: Group[] = [];
  readonly pools = new Map<string, PoolState>();
  private readonly byService = new Map<string, Map<string, PoolState>>();
  /** Lines collected, and how many of them are cost lines (which come first). */
  size = 0;
  costCount = 0;
  /** Lines given to `addAll` that fall outside the period. */
  outside = 0;
  /**
   * The sum of the collected amounts without their signs (support lines included). While it is
   * within 2^53 every sum the run makes of parts of them is exact in numbers; past it, the run
   * refuses (see `runAllocation`). Summed in numbers, it is exact up to 2^53 and at least 2^53
   * beyond, so the test is sound.
   */
  magnitude = 0;
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
    private readonly period: FinancialPeriod,
    private readonly code: CurrencyCode,
    private readonly keepLines: boolean,
    /** Whether a cost line in another currency may be converted (see `addAll`). */
    private readonly convertible = false,
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
   * `"unordered"`) at the first one out of id order. A cost line in another currency ends the call
   * with `"foreign"` when the collector was made `convertible` (the caller converts and starts
   * again), and is an error otherwise.
   *
   * Two passes. The first checks each line and finds its group; the second copies ids and amounts
   * into arrays made to each group's exact size, which become the allocations' lines, and totals
   * them. Speed: growing a million-entry array by `push` costs about twice as much as reading every
   * line again, and each large array is memory the system must map afresh, so the passes share
   * only a group number per line.
   */
  addAll(
    source: readonly (CostLine | IncomeLine)[],
    kind: LineKind,
    order?: readonly number[],
  ): "done" | "unordered" | "foreign" {
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
        if (line.id <= last) return "unordered";
        last = line.id;
      }
      if (line.amount.currency !== this.code) {
        if (this.convertible && kindIndex === 0) return "foreign";
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
    let magnitude = 0;
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
      magnitude += minor < 0 ? -minor : minor;
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
    this.magnitude += magnitude;
    made.forEach((group, g) => {
      group.ids = ids[g] as string[];
      group.amounts = amounts[g] as number[];
      group.total = totals[g] as number;
      group.pool.moneyIn += group.total;
      this.size += group.size;
      if (kindIndex === 0) this.costCount += group.size;
    });
    return "done";
  }

  /** Adds one line (support passes costs on this way) and returns its pool's state. */
  add(line: WorkLine, kind: LineKind, amount: number): PoolState {
    const group = this.groupFor(line, line.pool, KIND_ORDER[kind], this.keyOf(line.date));
    const p = group.size++;
    group.ids.push(line.id);
    group.amounts.push(amount);
    group.total += amount;
    this.magnitude += amount < 0 ? -amount : amount;
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
    // Lines that alternate between pools miss the one-entry cache above on every line: a nested
    // map finds the state without building a key string each time.
    let byPool = this.byService.get(service);
    if (byPool === undefined) {
      byPool = new Map();
      this.byService.set(service, byPool);
    }
    let state = byPool.get(pool);
    if (state === undefined) {
      const key = `${service}\u0000${pool}`;
      const s = this.services.get(service);
      if (s === undefined) throw new DomainError("INVALID_SCENARIO", `Unknown service ${service}`);
      const { chain, leads, starts, segment, segments } = splitByLead(this.rules.chain(service, pool), s, this.period);
      const granularity = chain.map((r) => basisGranularity(r.basis));
      state = {
        service: s,
        pool,
        chain,
        leads,
        starts,
        segment,
        segments,
        granularity,
        from: starts.map(dateKey),
        slots: this.slotTable(granularity),
        groups: [[], [], []],
        moneyIn: 0,
      };
      this.pools.set(key, state);
      byPool.set(pool, state);
    }
    return state;
  }
}

/**
 * A pool's rule chain split at the service's hand-overs inside the period: each entry one rule
 * version under one lead. With no hand-over inside the period, the chain as it was, under the lead
 * in force at the start.
 */
function splitByLead(rules: readonly RuleVersion[], service: Service, period: FinancialPeriod) {
  const segments = leadSegments(service, period);
  const chain: RuleVersion[] = [];
  const leads: PartnerId[] = [];
  const starts: CalendarDate[] = [];
  const segment: number[] = [];
  const segmentOf = (date: CalendarDate) => {
    let k = 0;
    while (k + 1 < segments.length && (segments[k + 1] as LeadSegment).from <= date) k++;
    return k;
  };
  rules.forEach((rule, v) => {
    const until = rules[v + 1]?.effectiveFrom;
    const push = (start: CalendarDate) => {
      const k = segmentOf(start);
      chain.push(rule);
      leads.push((segments[k] as LeadSegment).lead);
      starts.push(start);
      segment.push(k);
    };
    push(rule.effectiveFrom);
    for (const seg of segments.slice(1)) {
      if (seg.from > rule.effectiveFrom && (until === undefined || seg.from < until)) push(seg.from);
    }
  });
  return { chain, leads, starts, segment, segments };
}

/**
 * The error for a line with no rule version in force on its date, naming the line and why.
 *
 * @param line - the line
 * @param kind - cost, income or support
 * @param chain - the rule versions that govern its pool
 * @returns a `NO_RULE_IN_FORCE` error
 */
export function noRule(line: WorkLine, kind: LineKind, chain: readonly RuleVersion[]): DomainError {
  const what = kind === "cost" ? "Cost line" : kind === "income" ? "Income line" : "Support cost";
  const pool =
    line.pool === SERVICE_WIDE
      ? ""
      : line.pool.startsWith("@support:")
        ? `, ${poolLabel(line.pool)}`
        : ` pool ${line.pool}`;
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
