import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromMinor } from "../money/index.js";
import { type PartnerId, partnerId } from "../scenario/ids.js";
import { codeOf } from "../testing/errors.js";
import { type NetPosition, netPositions, planSettlement, type Transfer } from "./settlement.js";

const [CCC, HDC, SCDC] = ["CCC", "HDC", "SCDC"].map(partnerId) as [PartnerId, PartnerId, PartnerId];
const gbp = (minor: number) => fromMinor(minor, "GBP");
const invoice = (from: PartnerId, to: PartnerId, minor: number): Transfer => ({ from, to, amount: gbp(minor) });

/** Applies transfers to positions: a correct plan leaves every balance at zero. */
function residual(positions: readonly NetPosition[], transfers: readonly Transfer[]): number[] {
  const balance = new Map(positions.map((p) => [p.partner as string, p.net.minor]));
  for (const t of transfers) {
    balance.set(t.from, (balance.get(t.from) ?? 0) + t.amount.minor);
    balance.set(t.to, (balance.get(t.to) ?? 0) - t.amount.minor);
  }
  return [...balance.values()];
}

/** Brute force: the most disjoint zero-sum groups over every set partition (small n only). */
function maxZeroGroups(values: number[]): number {
  if (values.length === 0) return 0;
  const [first, ...rest] = values as [number, ...number[]];
  let best = 0;
  const n = rest.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    let sum = first;
    const others: number[] = [];
    rest.forEach((v, i) => {
      if (mask & (1 << i)) sum += v;
      else others.push(v);
    });
    if (sum === 0) best = Math.max(best, 1 + maxZeroGroups(others));
  }
  return best;
}

describe("netPositions", () => {
  it("nets what each council is owed as a lead against what it owes as a partner", () => {
    // HDC leads ICT and invoices CCC and SCDC; CCC leads Legal and Building Control.
    const positions = netPositions(
      [
        invoice(CCC, HDC, 2_127_974),
        invoice(SCDC, HDC, 1_871_406),
        invoice(HDC, CCC, 1_186_776),
        invoice(SCDC, CCC, 1_012_282),
      ],
      [CCC, HDC, SCDC],
      "GBP",
    );
    expect(positions.map((p) => [p.partner, p.receivable.minor, p.payable.minor, p.net.minor])).toEqual([
      ["CCC", 2_199_058, 2_127_974, 71_084],
      ["HDC", 3_999_380, 1_186_776, 2_812_604],
      ["SCDC", 0, 2_883_688, -2_883_688],
    ]);
  });

  it("refuses invoices in another currency", () => {
    expect(codeOf(() => netPositions([{ from: CCC, to: HDC, amount: fromMinor(1, "USD") }], [CCC, HDC], "GBP"))).toBe(
      "CURRENCY_MISMATCH",
    );
  });
});

describe("planSettlement", () => {
  it("settles three councils in at most two transfers", () => {
    const positions = netPositions(
      [invoice(CCC, HDC, 500), invoice(SCDC, HDC, 300), invoice(HDC, CCC, 200), invoice(SCDC, CCC, 100)],
      [CCC, HDC, SCDC],
      "GBP",
    );
    const plan = planSettlement(positions);
    expect(plan.map((t) => [t.from, t.to, t.amount.minor])).toEqual([
      ["SCDC", "HDC", 400],
      ["CCC", "HDC", 200],
    ]);
    expect(residual(positions, plan)).toEqual([0, 0, 0]);
  });

  it("uses one transfer per pair when positions cancel in pairs", () => {
    const partners = ["A", "B", "C", "D"].map(partnerId);
    const [A, B, C, D] = partners as [PartnerId, PartnerId, PartnerId, PartnerId];
    const positions = netPositions([invoice(A, B, 700), invoice(C, D, 300)], partners, "GBP");
    expect(planSettlement(positions).map((t) => [t.from, t.to, t.amount.minor])).toEqual([
      ["A", "B", 700],
      ["C", "D", 300],
    ]);
  });

  it("needs no transfers when everyone is square", () => {
    expect(planSettlement(netPositions([invoice(CCC, HDC, 5), invoice(HDC, CCC, 5)], [CCC, HDC], "GBP"))).toEqual([]);
  });

  const invoicesArb = fc.integer({ min: 2, max: 7 }).chain((n) => {
    const partners = Array.from({ length: n }, (_, i) => partnerId(`P${i}`));
    return fc.tuple(
      fc.constant(partners),
      fc.array(
        fc
          .tuple(
            fc.nat(n - 1),
            fc.nat(n - 1),
            fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 1e9 })),
          )
          .filter(([a, b]) => a !== b)
          .map(([a, b, m]) => invoice(partners[a] as PartnerId, partners[b] as PartnerId, m)),
        { maxLength: 12 },
      ),
    );
  });

  it("nets to exactly zero, clears every position, and uses the fewest transfers", () => {
    fc.assert(
      fc.property(invoicesArb, ([partners, invoices]) => {
        const positions = netPositions(invoices, partners, "GBP");
        expect(positions.reduce((s, p) => s + p.net.minor, 0)).toBe(0);
        const plan = planSettlement(positions);
        expect(residual(positions, plan).every((v) => v === 0)).toBe(true);
        expect(plan.every((t) => t.amount.minor > 0 && t.from !== t.to)).toBe(true);
        const open = positions.map((p) => p.net.minor).filter((v) => v !== 0);
        expect(plan.length).toBe(open.length - maxZeroGroups(open));
      }),
      { numRuns: 1000 },
    );
  });

  it("settles positions whose sums pass 2^53 exactly, where doubles refused them or grouped them wrongly", () => {
    const max = Number.MAX_SAFE_INTEGER;
    const ids = ["A", "B", "C", "D", "E"].map(partnerId);
    // In doubles the total, added in id order, came to 1 ("not summing to zero"); and B to E, added
    // from E down as the group search does, came to 0 (they sum to 1): A alone would be a "group".
    const nets = [-1, -(max - 2), -3, 2, max];
    const positions = nets.map((minor, i) => {
      const zero = gbp(0);
      return { partner: ids[i] as PartnerId, receivable: zero, payable: zero, net: gbp(minor) };
    });
    const plan = planSettlement(positions);
    const balance = new Map(positions.map((p) => [p.partner as string, BigInt(p.net.minor)]));
    for (const t of plan) {
      balance.set(t.from, (balance.get(t.from) ?? 0n) + BigInt(t.amount.minor));
      balance.set(t.to, (balance.get(t.to) ?? 0n) - BigInt(t.amount.minor));
    }
    expect([...balance.values()].every((v) => v === 0n)).toBe(true);
    // No part of them sums to zero: one group, settled in four transfers.
    expect(plan).toHaveLength(4);
  });

  it("does not depend on the order of the invoices", () => {
    fc.assert(
      fc.property(invoicesArb, fc.func(fc.integer()), ([partners, invoices], key) => {
        const shuffled = [...invoices].sort((a, b) => key(a) - key(b));
        expect(planSettlement(netPositions(shuffled, [...partners].reverse(), "GBP"))).toEqual(
          planSettlement(netPositions(invoices, partners, "GBP")),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
