import { parseMoney } from "@3c/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moneyCellValue } from "./moneyCellValue.js";

describe("moneyCellValue", () => {
  it("writes major units: pence as pounds, yen as yen, fils as dinars", () => {
    expect(moneyCellValue({ currency: "GBP", minor: 6001 })).toBe(60.01);
    expect(moneyCellValue({ currency: "JPY", minor: -1234 })).toBe(-1234);
    expect(moneyCellValue({ currency: "KWD", minor: 1005 })).toBe(1.005);
  });

  it("reads back to the exact minor unit for any amount of up to 15 digits, in every exponent", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("GBP", "JPY", "KWD"),
        fc.integer({ min: -(10 ** 15 - 1), max: 10 ** 15 - 1 }),
        (currency, minor) => {
          expect(parseMoney(String(moneyCellValue({ currency, minor })), currency).minor).toBe(minor);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
