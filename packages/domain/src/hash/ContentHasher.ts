import { type NativeHash, type NativeSha256, nativeSha256 } from "./nativeSha256.js";
import { Sha256, toHex } from "./sha256.js";

const encoder = new TextEncoder();
const CHUNK = 1 << 16;

/**
 * Streams text into SHA-256 in large chunks, so hashing a million lines costs one encode and one
 * hash pass rather than a million small ones. The host's own SHA-256 does the hashing where there is
 * one (Node), our own elsewhere: the digest is the same (decision 87).
 */
export class ContentHasher {
  private readonly own: Sha256 | undefined;
  private readonly native: NativeHash | undefined;
  private buffer: string[] = [];
  private size = 0;

  /**
   * Starts a hash.
   *
   * @param native - the host's SHA-256 to use (default: Node's where present); `undefined` for ours
   */
  constructor(native: NativeSha256 | undefined = nativeSha256) {
    this.native = native?.();
    this.own = this.native === undefined ? new Sha256() : undefined;
  }

  /**
   * Appends text.
   *
   * @param text - the next piece of canonical text
   */
  add(text: string): void {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join("");
    if (this.native !== undefined) this.native.update(text);
    else this.own?.update(encoder.encode(text));
    this.buffer = [];
    this.size = 0;
  }

  /**
   * Appends raw bytes (after any pending text).
   *
   * @param bytes - the bytes
   */
  addBytes(bytes: Uint8Array): void {
    this.flush();
    if (this.native !== undefined) this.native.update(bytes);
    else this.own?.update(bytes);
  }

  /** @returns the lowercase hex SHA-256 of everything added */
  digest(): string {
    this.flush();
    return this.native !== undefined ? this.native.digest("hex") : toHex((this.own as Sha256).digest());
  }
}

/**
 * SHA-256 of a string, as lowercase hex.
 *
 * @param text - the text (UTF-8 encoded)
 * @returns 64 hex digits
 */
export function sha256Hex(text: string): string {
  if (nativeSha256 !== undefined) return nativeSha256().update(text).digest("hex");
  return toHex(new Sha256().update(encoder.encode(text)).digest());
}
