import type { ApiKey } from "./keys.js";

/** How long a process trusts a key it has looked up; see {@link KeyCache}. */
export interface KeyCacheOptions {
  /** Milliseconds a found key is reused without asking the database; 0 turns the cache off. */
  readonly ttlMs: number;
  /** The clock in milliseconds (tests pass their own); default `performance.now`. */
  readonly now?: () => number;
  /** Most keys held at once (default 10,000); the oldest entry makes room. */
  readonly maxEntries?: number;
}

/** The default: a found key is trusted for 5 seconds. */
export const DEFAULT_KEY_CACHE: KeyCacheOptions = { ttlMs: 5000 };

/**
 * Live API keys this process has found, by the hash of their secret, each for a short time, so an
 * authenticated request costs no database query. Only found keys are held (an unknown secret
 * always asks the database, so a new key works at once and guessing fills nothing). A key revoked
 * through this process is evicted at once; another process sharing the database keeps trusting
 * it for at most `ttlMs`.
 *
 * @example
 * const cache = new KeyCache({ ttlMs: 5000 });
 * cache.set(hash, key);
 * cache.get(hash); // key, for 5 seconds
 * cache.evict(key.id);
 */
export class KeyCache {
  private readonly entries = new Map<string, { readonly key: ApiKey; readonly until: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;

  /** @param options - time to live, clock and size */
  constructor(options: KeyCacheOptions = DEFAULT_KEY_CACHE) {
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? (() => performance.now());
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /**
   * The key found under a hash, while still fresh.
   *
   * @param hash - the SHA-256 of the secret
   * @returns the key, or undefined when not held or expired
   */
  get(hash: string): ApiKey | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    if (this.now() < entry.until) return entry.key;
    this.entries.delete(hash);
    return undefined;
  }

  /**
   * Holds a key just found in the database.
   *
   * @param hash - the SHA-256 of its secret
   * @param key - the live key
   */
  set(hash: string, key: ApiKey): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, { key, until: this.now() + this.ttlMs });
  }

  /**
   * Forgets a key at once (revoked, or its binding changed).
   *
   * @param id - the key's id
   */
  evict(id: string): void {
    for (const [hash, entry] of this.entries) if (entry.key.id === id) this.entries.delete(hash);
  }

  /** Forgets every key (the tables were emptied). */
  clear(): void {
    this.entries.clear();
  }
}
