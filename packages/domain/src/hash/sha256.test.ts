import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContentHasher, sha256Hex } from "./ContentHasher.js";
import { Sha256, toHex } from "./sha256.js";

const nodeSha = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("Sha256", () => {
  it("matches the FIPS 180-4 test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(sha256Hex("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("matches Node's crypto for any bytes fed in any pieces", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.array(fc.nat(700), { maxLength: 6 }), (data, cuts) => {
        const hasher = new Sha256();
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          const end = Math.min(cut, data.length);
          if (end > at) hasher.update(data.subarray(at, end));
          at = Math.max(at, end);
        }
        hasher.update(data.subarray(at));
        expect(toHex(hasher.digest())).toBe(nodeSha(data));
      }),
      { numRuns: 1000 },
    );
  });

  it("hashes streamed text and bytes as one message", () => {
    const h = new ContentHasher();
    h.add("héllo ");
    h.addBytes(new Uint8Array([0, 255, 7]));
    h.add("wörld");
    const expected = createHash("sha256")
      .update("héllo ")
      .update(new Uint8Array([0, 255, 7]))
      .update("wörld")
      .digest("hex");
    expect(h.digest()).toBe(expected);
  });
});
