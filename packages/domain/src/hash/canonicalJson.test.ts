import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonicalJson.js";

// The straightforward definition the fast one must match byte for byte (hashes depend on it).
function reference(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(reference).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(",")}}`;
}

class Pair {
  constructor(
    readonly z: string,
    readonly a: number,
  ) {}
  toJSON(): string {
    return "not this";
  }
}

describe("canonicalJson", () => {
  it("prints object keys in sorted order at every depth and leaves array order alone", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: "x" }] })).toBe('{"a":[2,{"c":"x","d":null}],"b":1}');
  });

  it("drops undefined properties and prints undefined array items as null, as JSON does", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it("escapes keys and strings that need it", () => {
    expect(canonicalJson({ 'q"k': "a\nb", "é\\": 1 })).toBe('{"q\\"k":"a\\nb","é\\\\":1}');
  });

  it("prints exactly what the straightforward definition prints, for any JSON value", () => {
    const key = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.constantFrom("id", "a-b", "x.y", "", "__proto__", "__proto__x", "10", "2", "01", "4294967295", "-1"),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(null, true, false, undefined),
        fc.string(),
        fc.string({ unit: "binary" }),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        // Not JSON data, but printed by their own enumerable keys as the definition does: a Date
        // (none, despite its toJSON) and an instance of a class.
        fc.date({ noInvalidDate: true }),
        fc.tuple(fc.string(), fc.integer()).map(([a, b]) => new Pair(a, b)),
        fc.array(tie("value"), { maxLength: 5 }),
        fc.dictionary(key, tie("value"), { maxKeys: 6 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (v) => canonicalJson(v) === reference(v)),
      { numRuns: 1000 },
    );
  });
});
