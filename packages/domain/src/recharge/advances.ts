import { DomainError } from "../errors/index.js";
import { Fraction } from "../exact/index.js";
import type { Money } from "../money/index.js";
import { type CalendarDate, type FinancialPeriod, parsePeriod, subdivide, toEpochDay } from "../period/index.js";
import type { Allocation, AllocationResult } from "../run/index.js";
import { RuleBook, SERVICE_WIDE } from "../run/RuleBook.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import type { RuleVersion, Scenario } from "../scenario/Scenario.js";
import { chargesByPart, type LeadPart, partKey } from "./chargesByPart.js";

/**
 * One quarterly contribution a partner pays in advance for a service; for a service that changes
 * lead in the year, to the lead of its part (`lead`, `leadFrom`, `leadTo`).
 */
export interface Advance extends LeadPart {
  readonly partner: PartnerId;
  readonly service: ServiceId;
  /** `2024/25-Q1` … `2024/25-Q4`. */
  readonly quarter: string;
  readonly amount: Money;
}

/**
 * Quarterly advance contributions from an estimate for the year (budgeted costs and estimated
 * drivers allocated with `allocate`): each partner's estimated charge for each service in the
 * quarters it is estimated for, summing exactly to it.
 *
 * Each allocation group of the estimate (a pool's lines under one rule version, one lead and one
 * period of driver quantities) is advanced evenly over the months it covers: the months of the
 * year in which its rule version is in force, within its driver period and within its lead's part
 * of the year. So a partner that joins a service on 1 October (a rule version from that date that
 * includes it) advances nothing in Q1 and Q2, and the others advance their larger shares of the
 * first half in Q1 and Q2; quarterly estimated quantities are advanced in their own quarters; and
 * a service with one rule all year is advanced in four equal quarters, however its budget lines
 * are dated. A month the group covers only in part counts by its days (a rule from 15 October
 * covers 17/31 of October). A partner's quarters are the exact sum of its groups' shares; rounding
 * to pennies takes each quarter down to a penny (towards zero) and gives the pennies left to the
 * quarters with the largest remainders, the earliest first on a tie: a third of £1,000.03 all year
 * is £333.35, paid as £83.34, £83.34, £83.34, £83.33.
 *
 * A service that changes lead in the year is advanced part by part, each to the lead of its part,
 * over the quarters the part covers (a hand-over on 1 October: the first lead's part in Q1 and Q2,
 * the second's in Q3 and Q4). A whole-year part always has all four quarters, zero where nothing
 * is estimated.
 *
 * @param estimate - an allocation of a whole financial year
 * @param scenario - the scenario the estimate was allocated from (its rule versions date the groups)
 * @returns advances by partner, service and quarter
 * @throws DomainError `INVALID_PERIOD` when the estimate is not for a whole year;
 *   `INVALID_SCENARIO` when a group's rule version is not in the scenario given
 * @example quarterlyAdvances(allocate(budget, "2024/25"), budget)
 */
export function quarterlyAdvances(estimate: AllocationResult, scenario: Pick<Scenario, "rules">): Advance[] {
  const year = parsePeriod(estimate.period.name);
  if (year.kind !== "year") {
    throw new DomainError("INVALID_PERIOD", `Advances are set from an estimate for a whole year, not ${year.name}`);
  }
  const quarters = subdivide(year, "quarter");
  const months = subdivide(year, "month");
  const spans = new RuleSpans(scenario);

  // Per part and partner, each quarter's exact share of the estimate.
  const exact = new Map<string, Map<PartnerId, Fraction[]>>();
  for (const group of estimate.allocations) {
    if (group.shares.length === 0) continue;
    const weights = quarterWeights(groupSpan(group, year, spans), months);
    const whole = weights.reduce((a, b) => a + b, 0);
    if (whole === 0) continue;
    const key = partKey(group.service, group.leadFrom === undefined ? {} : { leadFrom: group.leadFrom });
    const byPartner = exact.get(key) ?? new Map<PartnerId, Fraction[]>();
    exact.set(key, byPartner);
    for (const { partner, amount } of group.shares) {
      const sums = byPartner.get(partner) ?? quarters.map(() => Fraction.ZERO);
      byPartner.set(partner, sums);
      weights.forEach((w, q) => {
        if (w !== 0) sums[q] = (sums[q] as Fraction).add(Fraction.of(BigInt(amount.minor) * BigInt(w), BigInt(whole)));
      });
    }
  }

  const advances: Advance[] = [];
  for (const [key, { service, part, charges }] of chargesByPart(estimate)) {
    const partSpan = { from: part.leadFrom ?? year.start, to: part.leadTo ?? year.end };
    const covered = quarters.map((q) => overlapDays(partSpan, { from: q.start, to: q.end }) > 0);
    for (const [partner, minor] of [...charges].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const sums = exact.get(key)?.get(partner) ?? quarters.map(() => Fraction.ZERO);
      const pennies = roundToWhole(sums, minor, `${service}: ${partner}`);
      quarters.forEach((q, i) => {
        if (covered[i] === true) {
          advances.push({
            partner,
            service,
            ...part,
            quarter: q.name,
            amount: { currency: estimate.currency, minor: pennies[i] as number },
          });
        }
      });
    }
  }
  return advances;
}

/** A run of days [from, to). */
interface Span {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/** When each rule version is in force: from its own date to the next version of its chain. */
class RuleSpans {
  private readonly byId = new Map<string, Span>();

  constructor(scenario: Pick<Scenario, "rules">) {
    const book = new RuleBook({ rules: scenario.rules } as Scenario);
    const seen = new Set<string>();
    for (const rule of scenario.rules) {
      const chain: readonly RuleVersion[] = book.chain(rule.service, rule.pool ?? SERVICE_WIDE);
      const key = `${rule.service}\u0000${rule.pool ?? SERVICE_WIDE}`;
      if (seen.has(key)) continue;
      seen.add(key);
      chain.forEach((version, i) => {
        // A date after every financial year the engine handles: the last version has no end.
        this.byId.set(version.id, { from: version.effectiveFrom, to: chain[i + 1]?.effectiveFrom ?? END_OF_TIME });
      });
    }
  }

  of(rule: string): Span {
    const span = this.byId.get(rule);
    if (span === undefined) {
      throw new DomainError(
        "INVALID_SCENARIO",
        `The estimate was allocated under rule version ${rule}, which the scenario given does not have; pass the scenario the estimate was allocated from`,
        { path: "rules" },
      );
    }
    return span;
  }
}

const END_OF_TIME = "9999-12-31" as CalendarDate;

/** The days of the year a group covers: its rule version's span within its driver period and lead part. */
function groupSpan(group: Allocation, year: FinancialPeriod, spans: RuleSpans): Span {
  const rule = spans.of(group.rule);
  const basis = parsePeriod(group.basisPeriod);
  const froms = [year.start, basis.start, rule.from, group.leadFrom ?? year.start];
  const tos = [year.end, basis.end, rule.to, group.leadTo ?? year.end];
  return { from: froms.sort()[froms.length - 1] as CalendarDate, to: tos.sort()[0] as CalendarDate };
}

/**
 * A common multiple of every month's length (28, 29, 30 and 31 days): a month's days counted in
 * units of 1/MONTH_UNITS of a month are whole numbers.
 */
const MONTH_UNITS = 4 * 3 * 5 * 7 * 29 * 31;

/** How much of each quarter a span covers, in 1/{@link MONTH_UNITS} of a month: whole months count alike. */
function quarterWeights(span: Span, months: readonly FinancialPeriod[]): number[] {
  const weights = [0, 0, 0, 0];
  months.forEach((m, i) => {
    const days = overlapDays(span, { from: m.start, to: m.end });
    if (days > 0) {
      const q = Math.floor(i / 3);
      weights[q] = (weights[q] as number) + (days * MONTH_UNITS) / (toEpochDay(m.end) - toEpochDay(m.start));
    }
  });
  return weights;
}

function overlapDays(a: Span, b: Span): number {
  const from = Math.max(toEpochDay(a.from), toEpochDay(b.from));
  const to = Math.min(toEpochDay(a.to), toEpochDay(b.to));
  return Math.max(0, to - from);
}

/**
 * Whole pennies per quarter that sum exactly to `total`, from exact quarterly amounts that sum to it:
 * each amount's magnitude rounded down, then one penny more to the largest remainders, the earliest
 * first on a tie (so a credit is the mirror image of the same charge).
 */
function roundToWhole(exact: readonly Fraction[], total: number, where: string): number[] {
  const sign = total < 0 ? -1n : 1n;
  const sum = exact.reduce((a, b) => a.add(b), Fraction.ZERO);
  if (!sum.equals(Fraction.of(BigInt(total)))) {
    throw new DomainError(
      "CONSERVATION_BROKEN",
      `${where}: the estimate's groups give ${sum}, its charge is ${total}; this is a bug in the engine`,
    );
  }
  const magnitudes = exact.map((f) => Fraction.of(f.num * sign, f.den));
  const whole = magnitudes.map((f) => f.round("floor"));
  const remainders = magnitudes.map((f, i) => f.sub(Fraction.of(whole[i] as bigint)));
  let left = BigInt(total) * sign - whole.reduce((a, b) => a + b, 0n);
  const order = remainders
    .map((_, i) => i)
    .sort((a, b) => (remainders[b] as Fraction).compare(remainders[a] as Fraction) || a - b);
  for (const i of order) {
    if (left === 0n) break;
    whole[i] = (whole[i] as bigint) + 1n;
    left -= 1n;
  }
  return whole.map((w) => Number(w * sign));
}
