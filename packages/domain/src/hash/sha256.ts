/**
 * SHA-256 (FIPS 180-4) in plain TypeScript: synchronous, no platform crypto, so the domain hashes
 * the same way in Node and browsers. Written for throughput on large inputs (the content hash of a
 * million cost lines): 32-bit integer arithmetic, a reused message schedule, whole blocks read
 * straight from the input. Checked against Node's crypto on random inputs in the tests.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** An incremental SHA-256: `update` any number of times, then `digest` once. */
export class Sha256 {
  private readonly state = Int32Array.from(INITIAL);
  private readonly schedule = new Int32Array(64);
  private readonly block = new Uint8Array(64);
  private pending = 0;
  private length = 0;
  private done = false;

  /**
   * Adds bytes to the message.
   *
   * @param data - the next bytes
   * @returns this hasher
   */
  update(data: Uint8Array): this {
    if (this.done) throw new Error("Sha256: update after digest");
    this.length += data.length;
    let offset = 0;
    if (this.pending > 0) {
      const take = Math.min(64 - this.pending, data.length);
      this.block.set(data.subarray(0, take), this.pending);
      this.pending += take;
      offset = take;
      if (this.pending < 64) return this;
      this.compress(this.block, 0, 64);
      this.pending = 0;
    }
    const whole = offset + Math.floor((data.length - offset) / 64) * 64;
    if (whole > offset) this.compress(data, offset, whole);
    if (whole < data.length) {
      this.block.set(data.subarray(whole), 0);
      this.pending = data.length - whole;
    }
    return this;
  }

  /** @returns the 32-byte digest; the hasher cannot be updated afterwards */
  digest(): Uint8Array {
    if (this.done) throw new Error("Sha256: digest twice");
    const bits = this.length * 8;
    const tail = new Uint8Array(this.pending < 56 ? 64 : 128);
    tail.set(this.block.subarray(0, this.pending));
    tail[this.pending] = 0x80;
    // Message length in bits, big-endian, in the last 8 bytes (lengths below 2^53 bits).
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
    view.setUint32(tail.length - 4, bits >>> 0);
    this.compress(tail, 0, tail.length);
    this.done = true;
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setInt32(i * 4, this.state[i] as number);
    return out;
  }

  /** Processes whole 64-byte blocks of `b` from `start` to `end`. */
  private compress(b: Uint8Array, start: number, end: number): void {
    const w = this.schedule;
    const s = this.state;
    let h0 = s[0] as number;
    let h1 = s[1] as number;
    let h2 = s[2] as number;
    let h3 = s[3] as number;
    let h4 = s[4] as number;
    let h5 = s[5] as number;
    let h6 = s[6] as number;
    let h7 = s[7] as number;
    for (let p = start; p < end; p += 64) {
      for (let i = 0; i < 16; i++) {
        const q = p + i * 4;
        w[i] =
          ((b[q] as number) << 24) | ((b[q + 1] as number) << 16) | ((b[q + 2] as number) << 8) | (b[q + 3] as number);
      }
      for (let i = 16; i < 64; i++) {
        const x = w[i - 15] as number;
        const y = w[i - 2] as number;
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
      }
      let a = h0;
      let bb = h1;
      let c = h2;
      let d = h3;
      let e = h4;
      let f = h5;
      let g = h6;
      let h = h7;
      for (let i = 0; i < 64; i++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (K[i] as number) + (w[i] as number)) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (S0 + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = bb;
        bb = a;
        a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0;
      h1 = (h1 + bb) | 0;
      h2 = (h2 + c) | 0;
      h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0;
      h5 = (h5 + f) | 0;
      h6 = (h6 + g) | 0;
      h7 = (h7 + h) | 0;
    }
    s[0] = h0;
    s[1] = h1;
    s[2] = h2;
    s[3] = h3;
    s[4] = h4;
    s[5] = h5;
    s[6] = h6;
    s[7] = h7;
  }
}

/**
 * Lowercase hex of bytes.
 *
 * @param bytes - the bytes
 * @returns two hex digits a byte
 */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}
