import { Sha256, toHex } from "./sha256.js";

const encoder = new TextEncoder();
const CHUNK = 1 << 16;

/**
 * Streams text into SHA-256 in large chunks, so hashing a million lines costs one encode and one
 * hash pass rather than a million small ones.
 */
export class ContentHasher {
  private readonly hash = new Sha256();
  private buffer: string[] = [];
  private size = 0;

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
    this.hash.update(encoder.encode(this.buffer.join("")));
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
    this.hash.update(bytes);
  }

  /** @returns the lowercase hex SHA-256 of everything added */
  digest(): string {
    this.flush();
    return toHex(this.hash.digest());
  }
}

/**
 * SHA-256 of a string, as lowercase hex.
 *
 * @param text - the text (UTF-8 encoded)
 * @returns 64 hex digits
 */
export function sha256Hex(text: string): string {
  return toHex(new Sha256().update(encoder.encode(text)).digest());
}
