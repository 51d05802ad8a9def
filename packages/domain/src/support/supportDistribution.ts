import { DomainError, unreachable } from "../errors/index.js";
import { Fraction, toFraction } from "../exact/index.js";
import type { ServiceId } from "../scenario/ids.js";
import type { SupportArrangement } from "../scenario/Scenario.js";

/**
 * For each service, where each unit of its own cost ends up: `phi.get(s).get(u)` is the exact
 * fraction of service s's direct cost that is finally shared by service u's rules (u = s for the
 * part the partners consume directly). Each row sums to exactly 1.
 */
export type SupportDistribution = ReadonlyMap<ServiceId, ReadonlyMap<ServiceId, Fraction>>;

function consumptionMatrix(services: readonly ServiceId[], arrangement: SupportArrangement) {
  const index = new Map(services.map((s, i) => [s, i]));
  const n = services.length;
  const p: Fraction[][] = services.map(() => services.map(() => Fraction.ZERO));
  arrangement.consumption.forEach((c, k) => {
    const i = index.get(c.from);
    const j = index.get(c.to);
    if (i === undefined || j === undefined || i === j) {
      throw new DomainError(
        "INVALID_SUPPORT_MATRIX",
        `support.consumption[${k}]: ${c.from} → ${c.to} is not between two different known services`,
      );
    }
    const row = p[i] as Fraction[];
    row[j] = (row[j] as Fraction).add(toFraction(c.share, `support.consumption[${k}].share`));
  });
  const external = p.map((row, i) => {
    const e = row.reduce((s, x) => s.sub(x), Fraction.ONE);
    if (e.compare(Fraction.ZERO) < 0) {
      throw new DomainError("INVALID_SUPPORT_MATRIX", `Services consume more than all of ${services[i]}'s output`);
    }
    return e;
  });
  return { index, n, p, external };
}

/** Solves A X = I exactly by Gauss–Jordan elimination over fractions. */
function invert(a: Fraction[][], services: readonly ServiceId[]): Fraction[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? Fraction.ONE : Fraction.ZERO))]);
  for (let col = 0; col < n; col++) {
    const pivot = m.findIndex((row, r) => r >= col && !(row[col] as Fraction).isZero());
    if (pivot < 0) {
      throw new DomainError(
        "INVALID_SUPPORT_MATRIX",
        `The reciprocal equations have no unique solution: services around ${services[col]} pass all their cost to each other and none reaches the partners`,
      );
    }
    [m[col], m[pivot]] = [m[pivot] as Fraction[], m[col] as Fraction[]];
    const row = m[col] as Fraction[];
    const inv = Fraction.ONE.div(row[col] as Fraction);
    for (let j = 0; j < 2 * n; j++) row[j] = (row[j] as Fraction).mul(inv);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const other = m[r] as Fraction[];
      const factor = other[col] as Fraction;
      if (factor.isZero()) continue;
      for (let j = 0; j < 2 * n; j++) other[j] = (other[j] as Fraction).sub(factor.mul(row[j] as Fraction));
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * Works out, exactly, where each service's own cost ends up once support services have passed
 * their costs to the services they serve.
 *
 * - `reciprocal` solves the simultaneous equations T = D + Pᵀ T exactly with rational arithmetic
 *   (no iteration, no tolerance): every service's total includes what it receives from every other.
 * - `step-down` closes services in the given order; a closed service receives nothing more, and
 *   consumption by services already closed is ignored (the rest rescaled).
 * - `direct` ignores support between support services; support costs go only to services that
 *   provide no support, and to the partners (rescaled).
 *
 * @param services - every service id
 * @param arrangement - method, consumption shares and (for step-down) order
 * @returns the distribution matrix; rows sum to exactly 1
 * @throws DomainError `INVALID_SUPPORT_MATRIX` when consumption is impossible or the equations singular
 * @example supportDistribution(["ICT", "LEGAL"], { method: "reciprocal", consumption: [{ from: "ICT", to: "LEGAL", share: "0.1" }] })
 */
export function supportDistribution(
  services: readonly ServiceId[],
  arrangement: SupportArrangement,
): SupportDistribution {
  const sorted = [...services].sort();
  const { index, n, p, external } = consumptionMatrix(sorted, arrangement);
  const result = new Map<ServiceId, Map<ServiceId, Fraction>>();
  const set = (from: number, to: number, f: Fraction) => {
    if (f.isZero()) return;
    const key = sorted[from] as ServiceId;
    const row = result.get(key) ?? new Map<ServiceId, Fraction>();
    row.set(sorted[to] as ServiceId, (row.get(sorted[to] as ServiceId) ?? Fraction.ZERO).add(f));
    result.set(key, row);
  };
  const providesSupport = (i: number) => (p[i] as Fraction[]).some((x) => !x.isZero());

  switch (arrangement.method) {
    case "reciprocal": {
      const m = p.map((_, i) =>
        p.map((__, j) => (i === j ? Fraction.ONE : Fraction.ZERO).sub((p[j] as Fraction[])[i] as Fraction)),
      );
      const x = invert(m, sorted);
      for (let s = 0; s < n; s++)
        for (let u = 0; u < n; u++) set(s, u, ((x[u] as Fraction[])[s] as Fraction).mul(external[u] as Fraction));
      break;
    }
    case "step-down": {
      const order = (arrangement.order ?? []).map((s, k) => {
        const i = index.get(s);
        if (i === undefined)
          throw new DomainError("INVALID_SUPPORT_MATRIX", `support.order[${k}]: unknown service ${s}`);
        return i;
      });
      if (new Set(order).size !== order.length)
        throw new DomainError("INVALID_SUPPORT_MATRIX", "support.order lists a service twice");
      for (let i = 0; i < n; i++) {
        if (providesSupport(i) && !order.includes(i)) {
          throw new DomainError(
            "INVALID_SUPPORT_MATRIX",
            `support.order must include ${sorted[i]}, which supports other services`,
          );
        }
      }
      for (let s = 0; s < n; s++) {
        const amounts = sorted.map((_, i) => (i === s ? Fraction.ONE : Fraction.ZERO));
        const closed = new Set<number>();
        for (const k of order) {
          closed.add(k);
          const x = amounts[k] as Fraction;
          if (x.isZero()) continue;
          const open = [...Array(n).keys()].filter((u) => !closed.has(u));
          const den = open.reduce((sum, u) => sum.add((p[k] as Fraction[])[u] as Fraction), external[k] as Fraction);
          if (den.isZero()) {
            throw new DomainError(
              "INVALID_SUPPORT_MATRIX",
              `${sorted[k]} has nobody left to pass its cost to when it is closed`,
            );
          }
          for (const u of open)
            amounts[u] = (amounts[u] as Fraction).add(x.mul((p[k] as Fraction[])[u] as Fraction).div(den));
          set(s, k, x.mul(external[k] as Fraction).div(den));
          amounts[k] = Fraction.ZERO;
        }
        amounts.forEach((x, u) => {
          if (!order.includes(u)) set(s, u, x);
        });
      }
      break;
    }
    case "direct": {
      for (let s = 0; s < n; s++) {
        if (!providesSupport(s)) {
          set(s, s, Fraction.ONE);
          continue;
        }
        const receivers = [...Array(n).keys()].filter((u) => !providesSupport(u));
        const den = receivers.reduce((sum, u) => sum.add((p[s] as Fraction[])[u] as Fraction), external[s] as Fraction);
        if (den.isZero()) {
          throw new DomainError(
            "INVALID_SUPPORT_MATRIX",
            `${sorted[s]} passes all its cost to other support services; the direct method has nowhere to put it`,
          );
        }
        set(s, s, (external[s] as Fraction).div(den));
        for (const u of receivers) set(s, u, ((p[s] as Fraction[])[u] as Fraction).div(den));
      }
      break;
    }
    default:
      return unreachable(arrangement.method);
  }
  for (const s of sorted) if (!result.has(s)) result.set(s, new Map([[s, Fraction.ONE]]));
  return result;
}
