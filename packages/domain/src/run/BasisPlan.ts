import {
  explainApportionment,
  makeSplitPlan,
  type RemainderPolicy,
  type SplitPlan,
  splitInto,
} from "../allocation/index.js";
import { compileFractionWeights, type Weights } from "../allocation/Weights.js";
import {
  DomainError,
  type DriverNeed,
  isDomainError,
  isMissingDriverIssue,
  type MissingDriverIssue,
  unreachable,
} from "../errors/index.js";
import { Fraction, toFraction } from "../exact/index.js";
import { bigintToMinor, type CurrencyCode, currency, type Money } from "../money/index.js";
import { type CalendarDate, periodOf } from "../period/index.js";
import type { PartnerId } from "../scenario/ids.js";
import type { Basis } from "../scenario/Scenario.js";
import type { BasisStep, PartnerAmount, QuantityUsed } from "./AllocationRun.js";
import type { DriverTable } from "./DriverTable.js";
import { missingDriverError } from "./missingDriverError.js";

/** What a plan node records for its explanation. */
interface NodeInfo {
  readonly kind: BasisStep["kind"];
  readonly label: string;
  readonly drivers?: BasisStep["drivers"];
}

/**
 * A basis compiled for one basis period: weights fixed, ready to split any amount fast. Shares are
 * accumulated into a vector indexed by partner position, with one extra slot for the unallocated
 * remainder.
 */
export type PlanNode =
  | {
      readonly type: "split";
      readonly plan: SplitPlan;
      /** Recipient position → partner position. */
      readonly map: Int32Array;
      readonly scratch: Float64Array;
      readonly lead: string;
      readonly info: NodeInfo;
    }
  | {
      readonly type: "components";
      readonly plan: SplitPlan;
      readonly children: readonly PlanNode[];
      readonly scratch: Float64Array;
      readonly info: NodeInfo;
    }
  | {
      readonly type: "rate";
      /** Charge per partner position at the agreed rate. */
      readonly charges: Float64Array;
      readonly chargeTotal: number;
      readonly fallback: PlanNode;
      readonly info: NodeInfo;
    };

/** Everything compiling a basis needs to know. */
export interface BasisContext {
  readonly partners: readonly PartnerId[];
  readonly partnerIndex: ReadonlyMap<string, number>;
  readonly participants: readonly PartnerId[];
  readonly lead: PartnerId;
  readonly policy: RemainderPolicy;
  readonly currency: CurrencyCode;
  readonly drivers: DriverTable;
  /** A date inside the basis period: picks the driver quantities. */
  readonly date: CalendarDate;
  /** Rule and pool being compiled, for error messages. */
  readonly where: string;
  /** The rule version and pool being compiled, for a refusal of the driver quantities they lack. */
  readonly need: DriverNeed;
  /**
   * Whether rate × quantity charges are levied. They are levied on a pool's cost lines only:
   * income and support costs received change only the under- or over-recovery, so for them a
   * rate basis is its fallback.
   */
  readonly levyCharges: boolean;
}

function splitNode(
  entries: readonly { id: string; weight: Fraction }[],
  ctx: BasisContext,
  info: NodeInfo,
  policy: RemainderPolicy = ctx.policy,
): PlanNode {
  // Under "to-lead" the lead takes leftovers even when the basis gives it no weight.
  const withLead =
    policy === "to-lead" && !entries.some((e) => e.id === ctx.lead)
      ? [...entries, { id: ctx.lead, weight: Fraction.ZERO }]
      : entries;
  const weights = compileFractionWeights(withLead, `${ctx.where}: ${info.label}`);
  const plan = makeSplitPlan(weights, policy, ctx.lead, ctx.where);
  const map = Int32Array.from(weights.ids, (id) => ctx.partnerIndex.get(id) ?? -1);
  return { type: "split", plan, map, scratch: new Float64Array(weights.ids.length), lead: ctx.lead, info };
}

/** The partners a basis shares between, in id order so that nothing depends on input order. */
function amongOf(among: readonly PartnerId[] | undefined, ctx: BasisContext): readonly PartnerId[] {
  return [...(among ?? ctx.participants)].sort();
}

function driverInfo(driver: string, period: string, quantities: readonly { partner: PartnerId; text: string }[]) {
  return {
    driver,
    period,
    quantities: quantities.map((q): QuantityUsed => ({ partner: q.partner, quantity: q.text })),
  };
}

/**
 * Compiles a basis for one basis period.
 *
 * @param basis - the rule's basis
 * @param ctx - partners, drivers, policy and the date that picks the period
 * @returns the plan
 * @throws DomainError `MISSING_DRIVER`, `ZERO_TOTAL_WEIGHT`, `NO_RECIPIENTS`, `UNKNOWN_RECIPIENT`
 */
export function compileBasis(basis: Basis, ctx: BasisContext): PlanNode {
  switch (basis.kind) {
    case "equal": {
      const among = amongOf(basis.among, ctx);
      return splitNode(
        among.map((id) => ({ id, weight: Fraction.ONE })),
        ctx,
        {
          kind: "equal",
          label: `equally between ${among.join(", ")}`,
        },
      );
    }
    case "fixed": {
      const entries = Object.entries(basis.shares).map(([id, w]) => ({
        id,
        weight: toFraction(w, `${ctx.where}.shares.${id}`),
      }));
      const shown = Object.entries(basis.shares)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([id, w]) => `${id} ${w}${basis.unit === "percent" ? "%" : ""}`);
      return splitNode(entries, ctx, {
        kind: "fixed",
        label: `fixed shares ${basis.unit === "percent" ? "" : "in the ratio "}${shown.join(", ")}`,
      });
    }
    case "driver": {
      const period = periodOf(ctx.date, basis.period).name;
      const quantities = ctx.drivers.quantities(basis.driver, period, amongOf(basis.among, ctx), ctx.need);
      return splitNode(
        quantities.map((q) => ({ id: q.partner, weight: q.value })),
        { ...ctx, where: `${ctx.where} (driver ${basis.driver}, ${period})` },
        {
          kind: "driver",
          label: `by ${basis.driver} (${period})`,
          drivers: [driverInfo(basis.driver, period, quantities)],
        },
      );
    }
    case "blended": {
      const period = periodOf(ctx.date, basis.period).name;
      const among = amongOf(basis.among, ctx);
      const weights = new Map<string, Fraction>(among.map((p) => [p, Fraction.ZERO]));
      // Every component's quantities first, so that a refusal names all the drivers the blend lacks.
      const quantitiesOf = everyPart(
        basis.components.map((c) => () => ctx.drivers.quantities(c.driver, period, among, ctx.need)),
      );
      const used = basis.components.map((c, i) => {
        const quantities = quantitiesOf[i] as Quantities;
        const total = quantities.reduce((s, q) => s.add(q.value), Fraction.ZERO);
        const beta = toFraction(c.weight, `${ctx.where}.weight`);
        if (total.isZero() && !beta.isZero()) {
          // A share of nothing is undefined: never quietly drop the component from the blend.
          throw new DomainError(
            "ZERO_TOTAL_WEIGHT",
            `${ctx.where}: driver ${JSON.stringify(c.driver)} totals zero across ${among.join(", ")} in ${period}, so its part of the blend has no shares`,
            { path: ctx.where },
          );
        }
        if (!total.isZero()) {
          for (const q of quantities)
            weights.set(q.partner, (weights.get(q.partner) as Fraction).add(beta.mul(q.value).div(total)));
        }
        return { c, quantities };
      });
      return splitNode(
        [...weights].map(([id, weight]) => ({ id, weight })),
        ctx,
        {
          kind: "blended",
          label: `blend of ${basis.components.map((c) => `${c.driver} × ${c.weight}`).join(" + ")} (${period})`,
          drivers: used.map(({ c, quantities }) => driverInfo(c.driver, period, quantities)),
        },
      );
    }
    case "direct":
      return splitNode([{ id: basis.partner, weight: Fraction.ONE }], ctx, {
        kind: "direct",
        label: `all to ${basis.partner}`,
      });
    case "rate": {
      if (!ctx.levyCharges) return compileBasis(basis.fallback, ctx);
      const period = periodOf(ctx.date, basis.period).name;
      const among = amongOf(basis.among, ctx);
      // The fallback compiled alongside, so that a refusal names the drivers of both.
      const [quantities, fallback] = everyPart<Quantities | PlanNode>([
        () => ctx.drivers.quantities(basis.driver, period, among, ctx.need),
        () => compileBasis(basis.fallback, ctx),
      ]) as [Quantities, PlanNode];
      const minorPerMajor = 10n ** BigInt(currency(ctx.currency).exponent);
      const rate = toFraction(basis.rate, `${ctx.where}.rate`).mul(Fraction.of(minorPerMajor));
      const charges = new Float64Array(ctx.partners.length + 1);
      let chargeTotal = 0;
      for (const q of quantities) {
        const charge = bigintToMinor(rate.mul(q.value).round(basis.rounding), `${ctx.where}: charge to ${q.partner}`);
        const slot = ctx.partnerIndex.get(q.partner) as number;
        charges[slot] = (charges[slot] as number) + charge;
        chargeTotal += charge;
      }
      return {
        type: "rate",
        charges,
        chargeTotal,
        fallback,
        info: {
          kind: "rate",
          label: `${basis.driver} × ${basis.rate} (${period}), rounded ${basis.rounding}`,
          drivers: [driverInfo(basis.driver, period, quantities)],
        },
      };
    }
    case "two-stage": {
      const first = toFraction(basis.first.percent, `${ctx.where}.first.percent`);
      const rest = Fraction.of(100n).sub(first);
      const restCtx = { ...ctx, participants: ctx.participants.filter((p) => p !== basis.first.partner) };
      return componentsNode(
        [
          { id: "first", weight: first, node: compileBasis({ kind: "direct", partner: basis.first.partner }, ctx) },
          { id: "rest", weight: rest, node: compileBasis(basis.rest, restCtx) },
        ],
        ctx,
        {
          kind: "two-stage",
          label: `${basis.first.percent}% to ${basis.first.partner}, the rest ${rest.toDecimalString(2, "half-even")}% to the others`,
        },
      );
    }
    case "composite": {
      // Every component compiled first, so that a refusal names all the drivers they lack.
      const nodes = everyPart(basis.components.map((c) => () => compileBasis(c.basis, ctx)));
      return componentsNode(
        basis.components.map((c, i) => ({
          id: c.label,
          weight: toFraction(c.weight, `${ctx.where}.components.${c.label}`),
          node: nodes[i] as PlanNode,
        })),
        ctx,
        {
          kind: "composite",
          label: basis.components.map((c) => `${c.label} ${c.weight}${basis.unit === "percent" ? "%" : ""}`).join(", "),
        },
      );
    }
    default:
      return unreachable(basis);
  }
}

type Quantities = ReturnType<DriverTable["quantities"]>;

/**
 * Runs each part of a basis that may read driver quantities and answers their results, in order;
 * when parts lack quantities, throws one `MISSING_DRIVER` with every part's issues, not only the
 * first's, so that a run names all the quantities a rule needs at once. Another error is thrown as
 * it comes, unless a part before it lacked quantities (that refusal comes first, as it did).
 */
function everyPart<T>(parts: readonly (() => T)[]): T[] {
  const results: T[] = [];
  const missing: MissingDriverIssue[] = [];
  for (const part of parts) {
    try {
      results.push(part());
    } catch (error) {
      if (!isDomainError(error, "MISSING_DRIVER")) {
        if (missing.length > 0) break;
        throw error;
      }
      missing.push(...error.issues.filter(isMissingDriverIssue));
    }
  }
  if (missing.length === 0) return results;
  throw missingDriverError(missing);
}

function componentsNode(
  parts: readonly { id: string; weight: Fraction; node: PlanNode }[],
  ctx: BasisContext,
  info: NodeInfo,
): PlanNode {
  const weights = compileFractionWeights(
    parts.map((p) => ({ id: p.id, weight: p.weight })),
    `${ctx.where}: components`,
  );
  // Components are split by largest remainder: "to the lead" has no meaning between components.
  const plan = makeSplitPlan(weights, "largest-remainder");
  const byId = new Map(parts.map((p) => [p.id, p.node]));
  return {
    type: "components",
    plan,
    children: weights.ids.map((id) => byId.get(id) as PlanNode),
    scratch: new Float64Array(weights.ids.length),
    info,
  };
}

/**
 * How far a plan's fixed charges can take a group's sums beyond its own amount: twice the size of
 * every rate × quantity charge in it (once levied, once in the recovery the fallback shares).
 *
 * @param node - compiled plan
 * @returns minor units without sign (0 for a plan with no rate)
 */
export function chargesMagnitude(node: PlanNode): number {
  switch (node.type) {
    case "split":
      return 0;
    case "components":
      return node.children.reduce((m, c) => m + chargesMagnitude(c), 0);
    case "rate": {
      let m = chargesMagnitude(node.fallback);
      for (const c of node.charges) m += 2 * (c < 0 ? -c : c);
      return m;
    }
    default:
      return unreachable(node);
  }
}

/**
 * Splits an amount by a plan, adding each partner's share into `out` (partner positions, then one
 * slot for the unallocated remainder). The shares added sum exactly to `amount`.
 *
 * @param node - compiled plan
 * @param amount - minor units
 * @param out - accumulator of length partners + 1
 */
export function applyPlan(node: PlanNode, amount: number, out: Float64Array): void {
  switch (node.type) {
    case "split": {
      const unallocated = splitInto(node.plan, amount, node.scratch);
      for (let i = 0; i < node.map.length; i++) {
        const slot = node.map[i] as number;
        out[slot] = (out[slot] as number) + (node.scratch[i] as number);
      }
      out[out.length - 1] = (out[out.length - 1] as number) + unallocated;
      return;
    }
    case "components": {
      splitInto(node.plan, amount, node.scratch);
      // Children reuse nothing of this node's scratch, so reading it after each child is safe.
      for (let i = 0; i < node.children.length; i++)
        applyPlan(node.children[i] as PlanNode, node.scratch[i] as number, out);
      return;
    }
    case "rate": {
      for (let i = 0; i < node.charges.length; i++) out[i] = (out[i] as number) + (node.charges[i] as number);
      applyPlan(node.fallback, amount - node.chargeTotal, out);
      return;
    }
    default:
      unreachable(node);
  }
}

/**
 * The partner positions a plan can charge, plus the unallocated slot when leftovers can be kept.
 *
 * @param node - compiled plan
 * @param into - collects positions
 * @param unallocatedSlot - position of the unallocated slot
 */
export function planReach(node: PlanNode, into: Set<number>, unallocatedSlot: number): void {
  switch (node.type) {
    case "split":
      for (const i of node.map) into.add(i);
      if (node.plan.policy === "unallocated") into.add(unallocatedSlot);
      return;
    case "components":
      for (const c of node.children) planReach(c, into, unallocatedSlot);
      return;
    case "rate":
      node.charges.forEach((c, i) => {
        if (c !== 0) into.add(i);
      });
      planReach(node.fallback, into, unallocatedSlot);
      return;
    default:
      unreachable(node);
  }
}

function toShares(vector: Float64Array, partners: readonly PartnerId[], code: CurrencyCode): PartnerAmount[] {
  const shares: PartnerAmount[] = [];
  partners.forEach((partner, i) => {
    const minor = vector[i] as number;
    if (minor !== 0) shares.push({ partner, amount: { currency: code, minor } });
  });
  return shares;
}

/**
 * Explains how a plan splits an amount, step by step, with the penny-by-penny working of every
 * apportionment.
 *
 * @param node - compiled plan
 * @param amount - minor units
 * @param partners - partner ids by position
 * @param code - currency
 * @returns the explanation tree
 */
export function explainPlan(
  node: PlanNode,
  amount: number,
  partners: readonly PartnerId[],
  code: CurrencyCode,
): BasisStep {
  const money = (minor: number): Money => ({ currency: code, minor });
  const vector = new Float64Array(partners.length + 1);
  applyPlan(node, amount, vector);
  const base = {
    kind: node.info.kind,
    label: node.info.label,
    amount: money(amount),
    shares: toShares(vector, partners, code),
    unallocated: money(vector[partners.length] as number),
    ...(node.info.drivers === undefined ? {} : { drivers: node.info.drivers }),
  };
  switch (node.type) {
    case "split":
      return {
        ...base,
        apportionment: explainApportionment(money(amount), node.plan.weights, {
          policy: node.plan.policy,
          lead: node.lead,
        }),
      };
    case "components": {
      const parts = new Float64Array(node.children.length);
      splitInto(node.plan, amount, parts);
      return {
        ...base,
        apportionment: explainApportionment(money(amount), node.plan.weights, { policy: "largest-remainder" }),
        steps: node.children.map((child, i) => explainPlan(child, parts[i] as number, partners, code)),
      };
    }
    case "rate": {
      const recovery = amount - node.chargeTotal;
      const charges: BasisStep = {
        kind: "rate-charges",
        label: "agreed quantity × agreed rate",
        amount: money(node.chargeTotal),
        shares: toShares(node.charges, partners, code),
        unallocated: money(0),
      };
      const fallback = explainPlan(node.fallback, recovery, partners, code);
      const word = recovery >= 0 ? "under-recovery" : "over-recovery";
      return {
        ...base,
        steps: [
          charges,
          { ...fallback, kind: "recovery", label: `${word}: actual cost less charges, ${fallback.label}` },
        ],
      };
    }
    default:
      return unreachable(node);
  }
}

/**
 * A compiled basis as plain data, kept on every allocation so that its lines' shares can be worked
 * out again later, exactly as the run would (see `lineShares`).
 */
export type PlanSpec =
  | {
      readonly type: "split";
      /** Recipient partner ids in id order. */
      readonly recipients: readonly string[];
      /** Integer weights, as decimal strings, aligned with `recipients`. */
      readonly weights: readonly string[];
      readonly policy: RemainderPolicy;
      readonly lead: string;
    }
  | {
      readonly type: "components";
      /** Component labels in id order. */
      readonly labels: readonly string[];
      readonly weights: readonly string[];
      readonly children: readonly PlanSpec[];
    }
  | {
      readonly type: "rate";
      /** Fixed charge per partner, in minor units. */
      readonly charges: readonly { readonly partner: string; readonly minor: number }[];
      readonly fallback: PlanSpec;
    };

/**
 * Describes a compiled plan as plain data.
 *
 * @param node - compiled plan
 * @param partners - partner ids by position
 * @returns the plan as JSON-safe data
 */
export function planToSpec(node: PlanNode, partners: readonly string[]): PlanSpec {
  switch (node.type) {
    case "split":
      return {
        type: "split",
        recipients: node.plan.weights.ids,
        weights: node.plan.weights.big.map(String),
        policy: node.plan.policy,
        lead: node.lead,
      };
    case "components":
      return {
        type: "components",
        labels: node.plan.weights.ids,
        weights: node.plan.weights.big.map(String),
        children: node.children.map((c) => planToSpec(c, partners)),
      };
    case "rate":
      return {
        type: "rate",
        charges: partners.flatMap((partner, i) =>
          node.charges[i] === 0 ? [] : [{ partner, minor: node.charges[i] as number }],
        ),
        fallback: planToSpec(node.fallback, partners),
      };
    default:
      return unreachable(node);
  }
}

/** Compiled weights from a plan description's ids and integer weight strings. */
function specWeights(ids: readonly string[], weights: readonly string[]): Weights {
  return compileFractionWeights(
    ids.map((id, i) => ({ id, weight: Fraction.of(BigInt(weights[i] ?? "0")) })),
    "plan",
  );
}

/**
 * Rebuilds a compiled plan from its plain-data description.
 *
 * @param spec - plan description from an allocation
 * @param partnerIndex - position of each partner id
 * @returns the compiled plan
 */
export function planFromSpec(spec: PlanSpec, partnerIndex: ReadonlyMap<string, number>): PlanNode {
  const info: NodeInfo = { kind: "equal", label: "" };
  switch (spec.type) {
    case "split": {
      const weights = specWeights(spec.recipients, spec.weights);
      return {
        type: "split",
        plan: makeSplitPlan(weights, spec.policy, spec.lead),
        map: Int32Array.from(weights.ids, (id) => partnerIndex.get(id) ?? -1),
        scratch: new Float64Array(weights.ids.length),
        lead: spec.lead,
        info,
      };
    }
    case "components": {
      const weights = specWeights(spec.labels, spec.weights);
      return {
        type: "components",
        plan: makeSplitPlan(weights, "largest-remainder"),
        children: spec.children.map((c) => planFromSpec(c, partnerIndex)),
        scratch: new Float64Array(weights.ids.length),
        info,
      };
    }
    case "rate": {
      const charges = new Float64Array(partnerIndex.size + 1);
      let chargeTotal = 0;
      for (const c of spec.charges) {
        charges[partnerIndex.get(c.partner) as number] = c.minor;
        chargeTotal += c.minor;
      }
      return { type: "rate", charges, chargeTotal, fallback: planFromSpec(spec.fallback, partnerIndex), info };
    }
    default:
      return unreachable(spec);
  }
}
