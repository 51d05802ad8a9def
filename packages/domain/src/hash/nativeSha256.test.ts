import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContentHasher } from "./ContentHasher.js";
import { findNativeSha256, nativeSha256 } from "./nativeSha256.js";

// A piece of a message: text (any Unicode, including lone surrogates) or raw bytes.
const piece = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }).map((text) => ({ text })),
  // Any UTF-16 code units, lone surrogates among them (both encode those as U+FFFD).
  fc
    .string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 50 })
    .map((text) => ({ text })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes })),
);

function digest(pieces: readonly ({ text: string } | { bytes: Uint8Array })[], native: typeof nativeSha256): string {
  const h = new ContentHasher(native);
  for (const p of pieces)
    if ("text" in p) h.add(p.text);
    else h.addBytes(p.bytes);
  return h.digest();
}

describe("the host's SHA-256", () => {
  it("is found in Node, and gives the same digest as our own SHA-256 for any text and bytes in any pieces", () => {
    expect(nativeSha256).toBeDefined();
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        expect(digest(pieces, nativeSha256)).toBe(digest(pieces, undefined));
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the same digest as our own across the chunk boundary of large text", () => {
    const big = "é,£,\u{1F600};".repeat(20_000);
    expect(digest([{ text: big }, { text: "tail" }], nativeSha256)).toBe(
      digest([{ text: big }, { text: "tail" }], undefined),
    );
  });

  it("is not used where the host has none, or one that gives a wrong digest", () => {
    expect(findNativeSha256({})).toBeUndefined();
    expect(findNativeSha256({ process: {} })).toBeUndefined();
    expect(findNativeSha256({ process: { getBuiltinModule: () => undefined } })).toBeUndefined();
    const wrong = { createHash: () => createHash("sha1") };
    expect(findNativeSha256({ process: { getBuiltinModule: () => wrong } })).toBeUndefined();
    const throwing = {
      createHash: () => {
        throw new Error("no");
      },
    };
    expect(findNativeSha256({ process: { getBuiltinModule: () => throwing } })).toBeUndefined();
    expect(findNativeSha256(globalThis)).toBeDefined();
  });
});
