import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integerQuery } from "./integerQuery.js";

const limit = integerQuery({ min: 1, max: 10_000, default: 100, description: "Items per page" });

describe("an integer query parameter", () => {
  it("takes exactly the plain decimal integers of its range (leading zeros too), as their value", () => {
    const digits = fc.stringMatching(/^[0-9]{1,7}$/);
    const near = fc.oneof(digits, fc.string(), fc.constantFrom("1e3", "10.0", " 10", "10 ", "+10", "0x10", "-1", ""));
    fc.assert(
      fc.property(near, (text) => {
        const parsed = limit.safeParse(text);
        const valid = /^[0-9]+$/.test(text) && Number(text) >= 1 && Number(text) <= 10_000;
        expect(parsed.success).toBe(valid);
        if (parsed.success) expect(parsed.data).toBe(Number(text));
        else
          expect(parsed.error.issues.map((i) => i.message)).toEqual([
            `expected a whole number from 1 to 10000, in digits only, not ${JSON.stringify(text)}`,
          ]);
      }),
    );
    expect(limit.parse(undefined)).toBe(100);
  });
});
