import { apportion, makeSplitPlan, splitInto } from "../allocation/index.js";
import { compileFractionWeights } from "../allocation/Weights.js";
import { DomainError } from "../errors/index.js";
import { divideRounded, Fraction, toFraction } from "../exact/index.js";
import type { Money } from "../money/index.js";
import { sumMinor } from "../money/Money.js";
import type { AllocationResult } from "../run/index.js";
import type { PartnerId, ServiceId } from "../scenario/ids.js";
import type { Scenario } from "../scenario/Scenario.js";
import { type Advance, quarterlyAdvances } from "./advances.js";
import { chargesByPart, type LeadPart, partKey, type ServicePart } from "./chargesByPart.js";

/** Year-end policies of a partnership agreement. Each is off unless given. */
export interface TrueUpPolicies {
  /**
   * Tolerance band in percentage points (e.g. `"3"`): for a service where no partner's actual
   * share differs from its estimated share by more than this (a move of exactly 3 points is
   * within), the split is not adjusted — actual costs are shared in the estimated proportions.
   */
  readonly tolerancePoints?: string;
  /**
   * Dampening of a change of basis: no partner's charge for a service may rise by more than
   * `maxIncreasePercent` over what the previous basis gives on the same actual costs
   * (`previous`: the actual scenario allocated by the old rules) — `maxIncreasePercent` of the
   * previous charge's size, so a credit (a service in surplus) may shrink by at most that much of
   * it; a partner with no share before is not capped. The excess is borne by the other partners (in
   * proportion to the size of their charges, none pushed over its own cap) or by the lead.
   */
  readonly dampening?: {
    readonly previous: AllocationResult;
    readonly maxIncreasePercent: string;
    readonly borneBy: "others" | "lead";
    /** Services whose basis changed; all services when absent. */
    readonly services?: readonly string[];
  };
  /** Partners other than the lead get no refund: a negative true-up becomes zero and the lead keeps it. */
  readonly floorCredits?: boolean;
}

/** A change a policy made to a partner's charge. */
export interface PolicyAdjustment {
  readonly policy: "tolerance" | "dampening" | "credit-floor";
  readonly amount: Money;
  readonly note: string;
}

/**
 * One partner's year end for one service; for a service that changed lead in the year, for the
 * part one lead led (`lead`, `leadFrom`, `leadTo`), owed to or refunded by that lead.
 */
export interface TrueUpLine extends LeadPart {
  readonly service: ServiceId;
  readonly partner: PartnerId;
  /** Whether the partner is the lead that issues this line (of the part, when there are parts). */
  readonly isLead: boolean;
  /** Share of the service in the estimate and in the actuals, percent to four places. */
  readonly estimatedPercent: string;
  readonly actualPercent: string;
  /** The partner's share in the actual allocation. */
  readonly actual: Money;
  /** What it finally bears after the policies. */
  readonly charge: Money;
  readonly advances: Money;
  /** charge − advances: positive is a further charge, negative a refund. */
  readonly trueUp: Money;
  readonly adjustments: readonly PolicyAdjustment[];
}

/** The year end: every partner's true-up per service, and totals per partner. */
export interface TrueUpResult {
  readonly period: string;
  readonly lines: readonly TrueUpLine[];
  readonly byPartner: readonly {
    readonly partner: PartnerId;
    readonly advances: Money;
    readonly charge: Money;
    readonly trueUp: Money;
  }[];
}

const percentOf = (part: number, whole: number): string =>
  whole === 0 ? "0.0000" : Fraction.of(BigInt(part) * 100n, BigInt(whole)).toDecimalString(4, "half-even");

/**
 * Works out the year-end true-up: each partner's actual share of each service (from the actual
 * costs and drivers), adjusted by the agreement's policies, less the advances it paid. For every
 * partner and service, advances + true-up = charge exactly, and the charges of a service always
 * sum to its actual total.
 *
 * A service that changed lead in the year is trued up part by part, each part as a service of its
 * own under its lead: its estimate, actuals, advances and previous-basis charges are those of the
 * lead's months, the policies apply within it, and its lines are owed to (or refunded by) that lead.
 *
 * @param estimate - the budget allocation the advances came from
 * @param actual - the actual allocation of the same year
 * @param scenario - the scenario the estimate was allocated from; read only for its rule versions,
 *   which date the default advances (each part's lead is the one the allocations recorded)
 * @param policies - tolerance, dampening, credit floor
 * @param advances - advances paid; by default the quarterly advances of `estimate`, dated by
 *   `scenario`'s rule versions
 * @returns true-up lines and per-partner totals
 * @throws DomainError `CURRENCY_MISMATCH` or `INVALID_PERIOD` when the runs (or an advance's
 *   currency) do not match; `AMOUNT_OVERFLOW` when a total, charge or true-up is beyond ±2^53
 *   minor units (never rounded);
 *   `CONSERVATION_BROKEN` if a service's charges stop summing to its actual cost (a bug)
 */
export function trueUp(
  estimate: AllocationResult,
  actual: AllocationResult,
  scenario: Scenario,
  policies: TrueUpPolicies = {},
  advances: readonly Advance[] = quarterlyAdvances(estimate, scenario),
): TrueUpResult {
  if (estimate.currency !== actual.currency) {
    throw new DomainError(
      "CURRENCY_MISMATCH",
      `The estimate is in ${estimate.currency}, the actuals in ${actual.currency}`,
    );
  }
  if (estimate.period.name !== actual.period.name) {
    throw new DomainError(
      "INVALID_PERIOD",
      `The estimate is for ${estimate.period.name}, the actuals for ${actual.period.name}`,
    );
  }
  const currency = actual.currency;
  const money = (minor: number): Money => ({ currency, minor: minor + 0 });
  const est = chargesByPart(estimate);
  const act = chargesByPart(actual);
  const prev = policies.dampening === undefined ? undefined : chargesByPart(policies.dampening.previous);
  const paid = new Map<string, number[]>();
  for (const a of advances) {
    if (a.amount.currency !== currency) {
      throw new DomainError(
        "CURRENCY_MISMATCH",
        `An advance of ${a.partner} for ${a.service} (${a.quarter}) is in ${a.amount.currency}, the actuals in ${currency}`,
        { path: "advances" },
      );
    }
    const key = `${partKey(a.service, a)}\u0001${a.partner}`;
    const list = paid.get(key);
    if (list === undefined) paid.set(key, [a.amount.minor]);
    else list.push(a.amount.minor);
  }

  const lines: TrueUpLine[] = [];
  const keys = [...new Set([...est.keys(), ...act.keys()])].sort();
  for (const key of keys) {
    const { service, issuer: lead, part } = (act.get(key) ?? est.get(key)) as ServicePart;
    const e = est.get(key)?.charges ?? new Map<PartnerId, number>();
    const a = act.get(key)?.charges ?? new Map<PartnerId, number>();
    const paidBy = (p: PartnerId) => sumMinor(paid.get(`${key}\u0001${p}`) ?? [], `advances of ${p} for ${service}`);
    // The lead is always listed: policies can move money to it even when it bears nothing itself.
    const partners = [...new Set([lead, ...e.keys(), ...a.keys(), ...advancesFor(advances, key)])].sort();
    const eTotal = sumMinor(e.values(), `estimated total of ${service}`);
    const aTotal = sumMinor(a.values(), `actual total of ${service}`);
    const charge = new Map<PartnerId, number>(partners.map((p) => [p, a.get(p) ?? 0]));
    const notes = new Map<PartnerId, PolicyAdjustment[]>(partners.map((p) => [p, []]));
    const adjust = (p: PartnerId, policy: PolicyAdjustment["policy"], delta: number, note: string) => {
      if (delta === 0) return;
      charge.set(p, sumMinor([charge.get(p) ?? 0, delta], `charge of ${p} for ${service}`));
      notes.get(p)?.push({ policy, amount: money(delta), note });
    };

    if (policies.tolerancePoints !== undefined && eTotal !== 0 && aTotal !== 0) {
      const band = toFraction(policies.tolerancePoints, "tolerancePoints").div(Fraction.of(100n));
      const within = partners.every((p) => {
        const diff = Fraction.of(BigInt(a.get(p) ?? 0), BigInt(aTotal)).sub(
          Fraction.of(BigInt(e.get(p) ?? 0), BigInt(eTotal)),
        );
        // Adjusted only when a share moves by more than the band: a move equal to it is within.
        return (diff.num < 0n ? diff.neg() : diff).compare(band) <= 0;
      });
      if (within) {
        // The estimated shares, signed (a partner may have had a credit), as weights summing to
        // |estimate| > 0: splitting the actual total by them keeps every sign and proportion.
        const sign = eTotal < 0 ? -1n : 1n;
        const weights = compileFractionWeights(
          partners.map((id) => ({ id, weight: Fraction.of(sign * BigInt(e.get(id) ?? 0)) })),
          `tolerance for ${service}`,
          true,
        );
        const kept = new Float64Array(weights.ids.length);
        splitInto(makeSplitPlan(weights, "largest-remainder"), aTotal, kept);
        weights.ids.forEach((id, i) => {
          const p = id as PartnerId;
          const note = `within ${policies.tolerancePoints} points: estimated split kept`;
          adjust(p, "tolerance", sumMinor([kept[i] as number, -(charge.get(p) ?? 0)], `tolerance for ${p}`), note);
        });
      }
    }

    const damp = policies.dampening;
    if (damp !== undefined && prev !== undefined && (damp.services === undefined || damp.services.includes(service))) {
      dampen(service, partners, lead, charge, prev.get(key)?.charges ?? new Map(), damp, adjust, currency);
    }

    for (const p of partners) {
      const advance = paidBy(p);
      if (policies.floorCredits === true && p !== lead && (charge.get(p) ?? 0) < advance) {
        const refund = sumMinor([advance, -(charge.get(p) ?? 0)], `refund to ${p} for ${service}`);
        adjust(p, "credit-floor", refund, "no refund under the agreement: the lead keeps it");
        adjust(lead, "credit-floor", -refund, `keeps ${p}'s refund`);
      }
    }
    for (const p of partners) {
      const c = charge.get(p) ?? 0;
      const advance = paidBy(p);
      lines.push({
        service,
        ...part,
        partner: p,
        isLead: p === lead,
        estimatedPercent: percentOf(e.get(p) ?? 0, eTotal),
        actualPercent: percentOf(a.get(p) ?? 0, aTotal),
        actual: money(a.get(p) ?? 0),
        charge: money(c),
        advances: money(advance),
        trueUp: money(sumMinor([c, -advance], `true-up of ${p} for ${service}`)),
        adjustments: notes.get(p) ?? [],
      });
    }
    if (sumMinor(charge.values(), `charges of ${service}`) !== aTotal) {
      throw new DomainError(
        "CONSERVATION_BROKEN",
        `True-up of ${service} does not sum to its actual cost; this is a bug`,
      );
    }
  }
  const partners = [...new Set(lines.map((l) => l.partner))].sort();
  return {
    period: actual.period.name,
    lines,
    byPartner: partners.map((partner) => {
      const mine = lines.filter((l) => l.partner === partner);
      const sum = (f: (l: TrueUpLine) => Money, what: string) =>
        money(
          sumMinor(
            mine.map((l) => f(l).minor),
            `${partner}'s ${what}`,
          ),
        );
      return {
        partner,
        advances: sum((l) => l.advances, "advances"),
        charge: sum((l) => l.charge, "charges"),
        trueUp: sum((l) => l.trueUp, "true-up"),
      };
    }),
  };
}

function advancesFor(advances: readonly Advance[], key: string): PartnerId[] {
  return advances.filter((a) => partKey(a.service, a) === key).map((a) => a.partner);
}

/** Caps increases over the previous basis; the excess goes to the lead or, by water-filling, to the others. */
function dampen(
  service: string,
  partners: readonly PartnerId[],
  lead: PartnerId,
  charge: Map<PartnerId, number>,
  previous: ReadonlyMap<PartnerId, number>,
  damp: NonNullable<TrueUpPolicies["dampening"]>,
  adjust: (p: PartnerId, policy: PolicyAdjustment["policy"], delta: number, note: string) => void,
  currency: Money["currency"],
): void {
  const rise = toFraction(damp.maxIncreasePercent, "maxIncreasePercent").div(Fraction.of(100n));
  // A charge may rise by the percentage of the previous amount's size: a charge of £30,000 to £33,000
  // at 10%, a credit of £30,000 (a service in surplus) down to £27,000. A cap binds only a partner
  // with a share before (one joining has nothing to compare with); rounding down keeps it a true
  // ceiling. One beyond 2^53 is held at 2^53 − 1, exactly: no charge can be more (AMOUNT_OVERFLOW).
  const cap = new Map(
    partners.map((p): [PartnerId, number] => {
      const before = BigInt(previous.get(p) ?? 0);
      if (before === 0n) return [p, Number.POSITIVE_INFINITY];
      const size = before < 0n ? -before : before;
      const ceiling = before + divideRounded(size * rise.num, rise.den, "floor");
      return [p, ceiling > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(ceiling)];
    }),
  );
  const capped = new Set<PartnerId>();
  let excess = 0;
  const note = `increase over the previous basis capped at ${damp.maxIncreasePercent}%`;
  for (const p of partners) {
    const c = charge.get(p) ?? 0;
    const ceiling = cap.get(p) as number;
    if (c > ceiling) {
      const over = sumMinor([c, -ceiling], `increase of ${p} for ${service}`);
      adjust(p, "dampening", -over, note);
      capped.add(p);
      excess = sumMinor([excess, over], `excess of dampening ${service}`);
    }
  }
  if (excess === 0) return;
  if (damp.borneBy === "lead") {
    adjust(lead, "dampening", excess, `bears the excess of dampening ${service}`);
    return;
  }
  // Share the excess among the uncapped in proportion to the size of their charges (a credit gives
  // up part of itself as a charge takes on part); anyone pushed over its cap is capped and the rest
  // shared again, until it all fits (at most one round per partner).
  while (excess > 0) {
    const open = partners.filter((p) => !capped.has(p) && (charge.get(p) ?? 0) !== 0);
    if (open.length === 0) {
      adjust(lead, "dampening", excess, `bears the excess of dampening ${service}: every other partner is at its cap`);
      return;
    }
    const shares = apportion(
      { currency, minor: excess },
      open.map((id) => ({ id, weight: BigInt(Math.abs(charge.get(id) ?? 0)) })),
    ).shares;
    excess = 0;
    for (const s of shares) {
      const p = s.id as PartnerId;
      const room = (cap.get(p) as number) - (charge.get(p) ?? 0);
      const take = Math.min(s.amount.minor, room);
      adjust(p, "dampening", take, `bears part of the excess of dampening ${service}`);
      if (take < s.amount.minor) {
        capped.add(p);
        excess += s.amount.minor - take;
      }
    }
  }
}
