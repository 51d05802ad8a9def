import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "../exact/index.js";
import { fromMinor, type Money } from "../money/index.js";
import { codeOf } from "../testing/errors.js";
import { type Apportionment, apportion, isConserved } from "./apportion.js";
import { explainApportionment } from "./explain.js";
import { REMAINDER_POLICIES, type RemainderPolicy } from "./RemainderPolicy.js";
import type { WeightInput } from "./Weights.js";

const gbp = (minor: number): Money => fromMinor(minor, "GBP");
const amounts = (a: Apportionment) => Object.fromEntries(a.shares.map((s) => [s.id, s.amount.minor]));

/** Independent reference: Hamilton over bigint, leftovers by largest remainder then id. */
function reference(amount: number, weights: readonly { id: string; weight: bigint }[]): Record<string, number> {
  const sign = amount < 0 ? -1n : 1n;
  const a = BigInt(Math.abs(amount));
  const total = weights.reduce((s, w) => s + w.weight, 0n);
  const rows = weights.map((w) => ({ id: w.id, floor: (a * w.weight) / total, rem: (a * w.weight) % total }));
  let left = a - rows.reduce((s, r) => s + r.floor, 0n);
  const order = [...rows].sort((x, y) => (x.rem === y.rem ? (x.id < y.id ? -1 : 1) : x.rem > y.rem ? -1 : 1));
  for (const r of order) {
    if (left === 0n) break;
    r.floor += 1n;
    left -= 1n;
  }
  return Object.fromEntries(rows.map((r) => [r.id, Number(sign * r.floor) + 0]));
}

const ids = fc.uniqueArray(fc.stringMatching(/^[A-Z]{2,5}$/), { minLength: 1, maxLength: 8 });
const weightsArb = ids.chain((names) =>
  fc
    .tuple(...names.map(() => fc.integer({ min: 0, max: 100_000 })))
    .filter((ws) => ws.some((w) => w > 0))
    .map((ws) => names.map((id, i) => ({ id, weight: BigInt(ws[i] as number) }))),
);
const amountArb = fc.integer({ min: -1e12, max: 1e12 });
const asInput = (ws: readonly { id: string; weight: bigint }[]): WeightInput[] =>
  ws.map((w) => ({ id: w.id, weight: w.weight.toString() }));
const runs = { numRuns: 1000 };

describe("apportion: worked examples", () => {
  it("splits 5p at 1:2 as 2p + 3p (not dinero.js's 1p + 4p)", () => {
    expect(
      amounts(
        apportion(gbp(5), [
          { id: "A", weight: "1" },
          { id: "B", weight: "2" },
        ]),
      ),
    ).toEqual({ A: 2, B: 3 });
  });

  it("splits £100,000 at 45.76/54.24 exactly", () => {
    const result = apportion(gbp(10_000_000), [
      { id: "CCC", weight: "45.76" },
      { id: "REST", weight: "54.24" },
    ]);
    expect(amounts(result)).toEqual({ CCC: 4_576_000, REST: 5_424_000 });
  });

  it("breaks a tie by recipient id, whatever the input order", () => {
    const a = apportion(gbp(1), [
      { id: "SCDC", weight: "1" },
      { id: "CCC", weight: "1" },
      { id: "HDC", weight: "1" },
    ]);
    expect(amounts(a)).toEqual({ CCC: 1, HDC: 0, SCDC: 0 });
    expect(a.shares.map((s) => s.id)).toEqual(["CCC", "HDC", "SCDC"]);
    expect(
      amounts(
        apportion(gbp(2), [
          { id: "HDC", weight: "1" },
          { id: "SCDC", weight: "1" },
          { id: "CCC", weight: "1" },
        ]),
      ),
    ).toEqual({
      CCC: 1,
      HDC: 1,
      SCDC: 0,
    });
  });

  it("gives zero weights zero", () => {
    expect(
      amounts(
        apportion(gbp(100), [
          { id: "A", weight: "0" },
          { id: "B", weight: "3" },
        ]),
      ),
    ).toEqual({ A: 0, B: 100 });
  });

  it("mirrors a credit exactly", () => {
    expect(
      amounts(
        apportion(gbp(-5), [
          { id: "A", weight: "1" },
          { id: "B", weight: "2" },
        ]),
      ),
    ).toEqual({ A: -2, B: -3 });
  });

  it("sends leftovers where each remainder policy says", () => {
    const w = [
      { id: "A", weight: "1" },
      { id: "B", weight: "1" },
      { id: "C", weight: "1" },
    ];
    expect(amounts(apportion(gbp(11), w, { policy: "to-lead", lead: "C" }))).toEqual({ A: 3, B: 3, C: 5 });
    expect(
      amounts(
        apportion(
          gbp(11),
          [
            { id: "A", weight: "1" },
            { id: "B", weight: "2" },
            { id: "C", weight: "2" },
          ],
          { policy: "largest-share" },
        ),
      ),
    ).toEqual({
      A: 2,
      B: 5,
      C: 4,
    });
    const kept = apportion(gbp(11), w, { policy: "unallocated" });
    expect(amounts(kept)).toEqual({ A: 3, B: 3, C: 3 });
    expect(kept.unallocated).toEqual(gbp(2));
    expect(apportion(gbp(-11), w, { policy: "unallocated" }).unallocated).toEqual(gbp(-2));
  });

  it("takes exact decimal weights of any scale", () => {
    expect(
      amounts(
        apportion(gbp(1000), [
          { id: "A", weight: "0.333333333333333333333" },
          { id: "B", weight: "0.666666666666666666667" },
        ]),
      ),
    ).toEqual({
      A: 333,
      B: 667,
    });
  });

  it("takes decimal.js values as weights, exactly", () => {
    const w = [
      { id: "A", weight: new Decimal("45.76") },
      { id: "B", weight: new Decimal("54.24") },
    ];
    expect(amounts(apportion(gbp(10_000_000), w))).toEqual({ A: 4_576_000, B: 5_424_000 });
    expect(codeOf(() => apportion(gbp(1), [{ id: "A", weight: new Decimal("NaN") }]))).toBe("INVALID_DECIMAL");
  });

  it("stays exact for amounts whose products pass 2^53", () => {
    const big = Number.MAX_SAFE_INTEGER - 1;
    const result = apportion(gbp(big), [
      { id: "A", weight: "3" },
      { id: "B", weight: "7" },
    ]);
    expect(amounts(result)).toEqual(
      reference(big, [
        { id: "A", weight: 3n },
        { id: "B", weight: 7n },
      ]),
    );
    expect(isConserved(result)).toBe(true);
  });

  it("explains a split: quotas, floors and who got each leftover penny and why", () => {
    const e = explainApportionment(gbp(5), [
      { id: "B", weight: "2" },
      { id: "A", weight: "1" },
    ]);
    expect(e.leftover).toBe(1);
    expect(e.recipients.map((r) => [r.id, r.quota, r.floor, r.remainder, r.extra, r.amount])).toEqual([
      ["A", { numerator: "5", denominator: "3" }, 1, { numerator: "2", denominator: "3" }, 1, 2],
      ["B", { numerator: "10", denominator: "3" }, 3, { numerator: "1", denominator: "3" }, 0, 3],
    ]);
    expect(e.recipients[0]?.reason).toMatch(/remainder 2\/3 is the 1st largest/);
    expect(e.recipients[1]?.reason).toMatch(/ranks 2nd; only 1 penny left over/);
    expect(e.recipients[0]?.percent).toBe("33.333333");
    const tie = explainApportionment(gbp(1), [
      { id: "B", weight: "1" },
      { id: "A", weight: "1" },
    ]);
    expect(tie.recipients[0]?.reason).toMatch(/ties with B go to the lower id/);
    expect(
      explainApportionment(
        gbp(11),
        [
          { id: "A", weight: "1" },
          { id: "B", weight: "1" },
        ],
        { policy: "to-lead", lead: "B" },
      ).recipients[1]?.reason,
    ).toMatch(/the lead takes all 1 penny/);
  });
});

describe("apportion: bad input", () => {
  it("names what is wrong", () => {
    expect(codeOf(() => apportion(gbp(1), []))).toBe("NO_RECIPIENTS");
    expect(codeOf(() => apportion(gbp(1), [{ id: "A", weight: "0" }]))).toBe("ZERO_TOTAL_WEIGHT");
    expect(
      codeOf(() =>
        apportion(gbp(1), [
          { id: "A", weight: "-1" },
          { id: "B", weight: "2" },
        ]),
      ),
    ).toBe("NEGATIVE_WEIGHT");
    expect(
      codeOf(() =>
        apportion(gbp(1), [
          { id: "A", weight: "1" },
          { id: "A", weight: "2" },
        ]),
      ),
    ).toBe("DUPLICATE_RECIPIENT");
    expect(codeOf(() => apportion(gbp(1), [{ id: "A", weight: 0.5 }]))).toBe("INVALID_DECIMAL");
    expect(codeOf(() => apportion(gbp(1), [{ id: "A", weight: "1" }], { policy: "to-lead", lead: "Z" }))).toBe(
      "UNKNOWN_RECIPIENT",
    );
    expect(() =>
      apportion(
        gbp(1),
        [
          { id: "A", weight: "-1" },
          { id: "B", weight: "2" },
        ],
        { where: "pool ICT/staff" },
      ),
    ).toThrow(/^pool ICT\/staff: weight of A is -1/);
  });
});

describe("apportion: properties", () => {
  it("matches an independent bigint reference of Hamilton's method", () => {
    fc.assert(
      fc.property(amountArb, weightsArb, (amount, ws) => {
        expect(amounts(apportion(gbp(amount), asInput(ws)))).toEqual(reference(amount, ws));
      }),
      runs,
    );
  });

  it("conserves money under every policy", () => {
    fc.assert(
      fc.property(amountArb, weightsArb, fc.constantFrom(...REMAINDER_POLICIES), (amount, ws, policy) => {
        const lead = ws[0]?.id;
        const result = apportion(gbp(amount), asInput(ws), lead === undefined ? { policy } : { policy, lead });
        const total = result.shares.reduce((s, x) => s + x.amount.minor, 0) + result.unallocated.minor;
        expect(total).toBe(amount);
        expect(isConserved(result)).toBe(true);
      }),
      runs,
    );
  });

  it("does not depend on the order of the recipients", () => {
    fc.assert(
      fc.property(
        amountArb,
        weightsArb.chain((ws) =>
          fc.tuple(fc.constant(ws), fc.shuffledSubarray(ws, { minLength: ws.length, maxLength: ws.length })),
        ),
        fc.constantFrom<RemainderPolicy>(...REMAINDER_POLICIES),
        (amount, [ws, shuffled], policy) => {
          const opts = { policy, lead: ws[0]?.id ?? "" };
          expect(apportion(gbp(amount), asInput(shuffled), opts)).toEqual(apportion(gbp(amount), asInput(ws), opts));
        },
      ),
      runs,
    );
  });

  it("mirrors credits: splitting −a gives minus the split of a", () => {
    fc.assert(
      fc.property(amountArb, weightsArb, fc.constantFrom(...REMAINDER_POLICIES), (amount, ws, policy) => {
        const opts = { policy, lead: ws[0]?.id ?? "" };
        const plus = apportion(gbp(amount), asInput(ws), opts);
        const minus = apportion(gbp(-amount), asInput(ws), opts);
        expect(minus.shares.map((s) => s.amount.minor)).toEqual(plus.shares.map((s) => 0 - s.amount.minor));
        expect(minus.unallocated.minor).toBe(0 - plus.unallocated.minor);
      }),
      runs,
    );
  });

  it("is unchanged when every weight is scaled by the same constant", () => {
    fc.assert(
      fc.property(
        amountArb,
        weightsArb,
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 6 }),
        (amount, ws, k, places) => {
          // Multiply by k and shift the decimal point: k × w ÷ 10^places, written as an exact decimal.
          const scaled = ws.map((w) => {
            const digits = (w.weight * BigInt(k)).toString().padStart(places + 1, "0");
            const weight = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
            return { id: w.id, weight };
          });
          expect(apportion(gbp(amount), scaled)).toEqual(apportion(gbp(amount), asInput(ws)));
        },
      ),
      runs,
    );
  });

  it("never gives more weight fewer pennies, and keeps each share within a penny of its quota", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), weightsArb, (amount, ws) => {
        const result = amounts(apportion(gbp(amount), asInput(ws)));
        const total = ws.reduce((s, w) => s + w.weight, 0n);
        for (const a of ws) {
          const share = BigInt(result[a.id] as number);
          // |share − amount·w/total| < 1  ⇔  |share·total − amount·w| < total
          const gap = share * total - BigInt(amount) * a.weight;
          expect(gap < 0n ? -gap : gap).toBeLessThan(total);
          for (const b of ws)
            if (a.weight > b.weight) expect(result[a.id]).toBeGreaterThanOrEqual(result[b.id] as number);
        }
      }),
      runs,
    );
  });

  it("never gives a recipient fewer pennies when only its own weight grows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        weightsArb,
        fc.integer({ min: 1, max: 100_000 }),
        (amount, ws, extra) => {
          const first = ws[0] as { id: string; weight: bigint };
          const grown = ws.map((w, i) => (i === 0 ? { id: w.id, weight: w.weight + BigInt(extra) } : w));
          const before = amounts(apportion(gbp(amount), asInput(ws)))[first.id] as number;
          const after = amounts(apportion(gbp(amount), asInput(grown)))[first.id] as number;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
      runs,
    );
  });

  it("explains exactly the shares it gives", () => {
    fc.assert(
      fc.property(amountArb, weightsArb, fc.constantFrom(...REMAINDER_POLICIES), (amount, ws, policy) => {
        const opts = { policy, lead: ws[0]?.id ?? "" };
        const e = explainApportionment(gbp(amount), asInput(ws), opts);
        const a = apportion(gbp(amount), asInput(ws), opts);
        expect(e.recipients.map((r) => r.amount)).toEqual(a.shares.map((s) => s.amount.minor));
        expect(e.recipients.map((r) => r.floor + r.extra)).toEqual(a.shares.map((s) => s.amount.minor));
        expect(e.unallocated).toBe(a.unallocated.minor);
      }),
      runs,
    );
  });
});
