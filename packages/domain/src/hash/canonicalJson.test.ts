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

// Keys in order, unlike Pair's: JSON.stringify would call its toJSON were it handed on uncopied.
class Ordered {
  constructor(
    readonly a: string,
    readonly z: number,
  ) {}
  toJSON(): string {
    return "not this either";
  }
}

// An array of a class of its own, printed as an array by the definition.
class Tagged extends Array<unknown> {
  toJSON(): string {
    return "nor this";
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

  it("prints what the definition prints when most objects come with their keys in order already", () => {
    // The objects a run builds: keys mostly in order (handed on uncopied), a few out of order or
    // with an instance, a Date or an undefined member somewhere below, which must still be copied.
    const key = fc.constantFrom("a", "amount", "b", "currency", "minor", "partner", "z", "__proto__", "é");
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(null, true, undefined, "x", 1.5, -0),
        fc.date({ noInvalidDate: true }),
        fc.tuple(fc.string(), fc.integer()).map(([a, b]) => new Pair(a, b)),
        fc.tuple(fc.string(), fc.integer()).map(([a, b]) => new Ordered(a, b)),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.array(tie("value"), { maxLength: 3 }).map((a) => Tagged.from(a)),
        fc.tuple(fc.dictionary(key, tie("value"), { maxKeys: 5 }), fc.boolean()).map(([d, ordered]) => {
          const keys = Object.keys(d);
          if (ordered) keys.sort();
          const out: Record<string, unknown> = {};
          for (const k of keys) Object.defineProperty(out, k, { value: d[k], enumerable: true, writable: true });
          return out;
        }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (v) => canonicalJson(v) === reference(v)),
      { numRuns: 2000 },
    );
  });

  it("prints a plain array or object with a toJSON of its own as the definition does, not its toJSON", () => {
    // Handed on uncopied, JSON.stringify would call these; the copy (and the definition) never did.
    const array = Object.assign([2, 1], { toJSON: () => "an array's own" });
    const hidden = { a: 1, b: [array] };
    Object.defineProperty(hidden, "toJSON", { value: () => "not enumerable", enumerable: false });
    expect(canonicalJson(array)).toBe("[2,1]");
    expect(canonicalJson({ x: hidden })).toBe('{"x":{"a":1,"b":[[2,1]]}}');
    expect(canonicalJson({ x: hidden })).toBe(reference({ x: hidden }));
  });

  it("sorts the keys of objects with many of them", () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${(i * 7) % 40}`);
    const value = Object.fromEntries(keys.map((k) => [k, 1]));
    expect(canonicalJson(value)).toBe(reference(value));
  });
});
