import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recordKind } from "./recordKinds.js";

const minor = fc.bigInt({ min: -(2n ** 53n - 1n), max: 2n ** 53n - 1n });
const decimal = (value: bigint, places: number) => {
  const sign = value < 0n ? "-" : "";
  const a = value < 0n ? -value : value;
  if (places === 0) return `${sign}${a}`;
  const scale = 10n ** BigInt(places);
  return `${sign}${a / scale}.${String(a % scale).padStart(places, "0")}`;
};
const asText = (row: readonly (string | null)[], columns: readonly (readonly [string, string])[], id: string) =>
  Object.fromEntries([["id", id], ...columns.map(([c], i) => [c, row[i] ?? null])]);

describe("record kinds", () => {
  it("give every cost line amount back exactly as written, in any currency's minor unit", () => {
    const kind = recordKind("cost-lines");
    fc.assert(
      fc.property(minor, fc.constantFrom(["GBP", 2], ["JPY", 0], ["BHD", 3]), (m, [currency, places]) => {
        const doc = {
          id: "L1",
          service: "ICT",
          pool: "staff",
          date: "2024-05-31",
          amount: decimal(m, places as number),
          currency: currency as string,
        };
        const row = kind.toRow(doc, "GBP");
        expect(kind.fromRow(asText(row, kind.columns, "L1"))).toEqual(doc);
      }),
      { numRuns: 1000 },
    );
  });

  it("derive the same id for the same natural key however the period is written", () => {
    const kind = recordKind("drivers");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), (p) => {
        const a = kind.idOf({ driver: "users", partner: "HDC", period: `2024/25-P${p}` });
        const b = kind.idOf({ driver: "users", partner: "HDC", period: `2024/25-P${String(p).padStart(2, "0")}` });
        expect(a).toBe(b);
      }),
      { numRuns: 1000 },
    );
  });
});
