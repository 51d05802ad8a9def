import { formatPath } from "@3c/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nulPaths } from "./nulPaths.js";

/** The walk as first written: a fresh path array for every value. Slow, plainly right. */
function reference(value: unknown, path: PropertyKey[] = []): string[] {
  if (typeof value === "string") return value.includes("\u0000") ? [formatPath(path)] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => reference(v, [...path, i]));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) =>
      k.includes("\u0000") ? [formatPath([...path, k])] : reference(v, [...path, k]),
    );
  return [];
}

describe("nulPaths", () => {
  it("names every string value and object key holding U+0000, in document order", () => {
    expect(
      nulPaths({ items: [{ id: "C1" }, { id: "C\u00002", note: "\u0000" }], "k\u0000": "v", n: 1, x: null }),
    ).toEqual(["items[1].id", "items[1].note", "k\u0000"]);
  });

  it("finds nothing in clean input, and names a bare string by the empty path", () => {
    expect(nulPaths({ a: ["b", { c: "d" }], e: true })).toEqual([]);
    expect(nulPaths("a\u0000")).toEqual([""]);
  });

  it("names the same paths as a walk that copies its path at every step, for any JSON", () => {
    const text = fc.string({ unit: fc.constantFrom("a", ".", "[", "0", "\u0000"), maxLength: 4 });
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(text, tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(nulPaths(value)).toEqual(reference(value));
      }),
      { numRuns: 1000 },
    );
  });
});
