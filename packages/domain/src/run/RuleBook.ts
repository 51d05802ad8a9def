import { unreachable } from "../errors/index.js";
import type { PeriodKind } from "../period/index.js";
import type { Basis, RuleVersion, Scenario } from "../scenario/Scenario.js";

/** The pool id under which service-wide rules and income without a pool are kept. */
export const SERVICE_WIDE = "@service";

/**
 * The pool id, within a receiving service, of costs passed on by a support service.
 *
 * @param from - the support service
 * @returns e.g. `@support:ICT`
 */
export function supportPool(from: string): string {
  return `@support:${from}`;
}

const FINENESS: Record<PeriodKind, number> = { year: 0, quarter: 1, month: 2 };

/**
 * The finest period whose driver quantities a basis reads, or undefined if it reads none.
 *
 * @param basis - a rule basis
 * @returns `month`, `quarter`, `year` or undefined
 */
export function basisGranularity(basis: Basis): PeriodKind | undefined {
  const finer = (a: PeriodKind | undefined, b: PeriodKind | undefined) =>
    a === undefined ? b : b === undefined ? a : FINENESS[a] >= FINENESS[b] ? a : b;
  switch (basis.kind) {
    case "equal":
    case "fixed":
    case "direct":
      return undefined;
    case "driver":
    case "blended":
      return basis.period;
    case "rate":
      return finer(basis.period, basisGranularity(basis.fallback));
    case "two-stage":
      return basisGranularity(basis.rest);
    case "composite":
      return basis.components.reduce<PeriodKind | undefined>((g, c) => finer(g, basisGranularity(c.basis)), undefined);
    default:
      return unreachable(basis);
  }
}

/**
 * Whether a basis (or any part of it) charges at an agreed rate, which needs whole basis periods.
 *
 * @param basis - a rule basis
 * @returns true when a `rate` basis appears anywhere in it
 */
export function hasRate(basis: Basis): boolean {
  switch (basis.kind) {
    case "rate":
      return true;
    case "two-stage":
      return hasRate(basis.rest);
    case "composite":
      return basis.components.some((c) => hasRate(c.basis));
    default:
      return false;
  }
}

/** The periods of every rate × quantity part of a basis. */
function ratePeriods(basis: Basis): PeriodKind[] {
  switch (basis.kind) {
    case "rate":
      return [basis.period];
    case "two-stage":
      return ratePeriods(basis.rest);
    case "composite":
      return basis.components.flatMap((c) => ratePeriods(c.basis));
    default:
      return [];
  }
}

/**
 * Why a rule with rate × quantity charges could not levy them exactly once per agreed-quantity
 * period, or undefined when it can. Charges are levied once per allocation group, so the rule must
 * govern one pool (a service-wide rule covers several) and no part of its basis may read quantities
 * for a shorter period than the agreed ones (that would make a group a month, say, and charge a
 * year's quantities every month).
 *
 * @param rule - a rule version
 * @returns the reason, or undefined
 */
export function rateRuleProblem(rule: Pick<RuleVersion, "pool" | "basis">): string | undefined {
  const periods = [...new Set(ratePeriods(rule.basis))];
  if (periods.length === 0) return undefined;
  if (rule.pool === undefined) {
    return "charges agreed quantities at a rate, so it must name its pool: a service-wide rule would levy the charges once for every pool it covers";
  }
  if (periods.length > 1) return `charges agreed quantities for different periods (${periods.join(", ")}); use one`;
  const finest = basisGranularity(rule.basis);
  if (finest !== periods[0]) {
    return `charges ${periods[0]}ly agreed quantities but another part of it reads ${finest}ly quantities, so the charges would be levied every ${finest}; use ${periods[0]}ly quantities throughout`;
  }
  return undefined;
}

/** A problem with one part of a rule's basis, at its path inside the basis (`rest.among[0]`). */
export interface BasisProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Where the rest of a two-stage basis names the partner its first stage charges. The rest is shared
 * "across the others": a rest that lists the first partner (in `among`, in fixed `shares`, as a
 * `direct` partner, or as the first partner of a nested two-stage; in any composite component or
 * rate fallback inside it) would charge that partner a second time, beyond its agreed percentage.
 *
 * @param basis - a rule basis
 * @returns one problem per place the rest names its first partner, in document order (none when fine)
 * @example
 * twoStageRestProblems({ kind: "two-stage", first: { partner: "CCC", percent: "45.76" },
 *   rest: { kind: "equal", among: ["CCC", "HDC"] } }); // [{ path: "rest.among[0]", … }]
 */
export function twoStageRestProblems(basis: Basis): BasisProblem[] {
  const out: BasisProblem[] = [];
  restProblems(basis, "", new Map(), out);
  return out;
}

/** Walks a basis; `firsts` holds the first partners of the two-stage bases it lies in the rest of. */
function restProblems(
  basis: Basis,
  path: string,
  firsts: ReadonlyMap<string, { readonly percent: string; readonly path: string }>,
  out: BasisProblem[],
): void {
  const at = (field: string) => (path === "" ? field : `${path}.${field}`);
  const named = (partner: string, where: string) => {
    const first = firsts.get(partner);
    if (first === undefined) return;
    out.push({
      path: where,
      message: `${partner} already takes the first ${first.percent}% (${first.path}); the rest is shared across the other partners, so it cannot include ${partner}`,
    });
  };
  const among = (list: readonly string[] | undefined) => {
    for (const [i, p] of (list ?? []).entries()) named(p, at(`among[${i}]`));
  };
  switch (basis.kind) {
    case "equal":
    case "driver":
    case "blended":
      among(basis.among);
      return;
    case "fixed":
      for (const id of Object.keys(basis.shares)) named(id, at(`shares.${id}`));
      return;
    case "direct":
      named(basis.partner, at("partner"));
      return;
    case "rate":
      among(basis.among);
      restProblems(basis.fallback, at("fallback"), firsts, out);
      return;
    case "two-stage": {
      const where = at("first.partner");
      named(basis.first.partner, where);
      const inner = new Map(firsts).set(basis.first.partner, { percent: basis.first.percent, path: where });
      restProblems(basis.rest, at("rest"), inner, out);
      return;
    }
    case "composite":
      basis.components.forEach((c, i) => {
        restProblems(c.basis, at(`components[${i}].basis`), firsts, out);
      });
      return;
    default:
      unreachable(basis);
  }
}

/** Versions of the rules, indexed by service and pool, each chain ordered by effective date. */
export class RuleBook {
  private readonly chains = new Map<string, RuleVersion[]>();

  constructor(scenario: Scenario) {
    for (const rule of scenario.rules) {
      const key = `${rule.service}\u0000${rule.pool ?? SERVICE_WIDE}`;
      const chain = this.chains.get(key) ?? [];
      chain.push(rule);
      this.chains.set(key, chain);
    }
    for (const chain of this.chains.values()) {
      chain.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
    }
  }

  /**
   * The versions that govern a pool: its own if it has any, else the service-wide ones.
   *
   * @param service - service id
   * @param pool - pool id
   * @returns versions in effective-date order (empty when none)
   */
  chain(service: string, pool: string): readonly RuleVersion[] {
    return this.chains.get(`${service}\u0000${pool}`) ?? this.chains.get(`${service}\u0000${SERVICE_WIDE}`) ?? [];
  }
}
