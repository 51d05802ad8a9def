import { describe, expect, it } from "vitest";
import { nulPaths } from "./nulPaths.js";

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
});
