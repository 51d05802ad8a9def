import type { DataState } from "./DataState.js";

/** Options of a {@link ReportCache}. */
export interface ReportCacheOptions {
  /**
   * The most the cache holds, in lines: each entry weighs what it holds that grows with the
   * partnership's data (by default its year's cost and income lines, plus one), which is what its
   * memory grows with. Default {@link DEFAULT_REPORT_CACHE}.
   */
  readonly maxLines: number;
}

/**
 * The default bound: 1,000,000 lines' weight, about 220 MB of heap at the ~0.22 kB a line an entry
 * was measured to keep (a year's scenario and run together, 0.44 kB a line of the year: 43 MB for
 * 100,000 lines; docs/performance.md "Reports kept between requests") — five years of 100,000
 * lines, each year's scenario and run.
 */
export const DEFAULT_REPORT_CACHE: ReportCacheOptions = { maxLines: 1_000_000 };

/** How many records of each kind a year holds, as read beside an entry's value. */
export type YearCounts = Readonly<Record<string, number>>;

/** One thing kept for a year of a partnership, with the data state it was made from. */
export interface ReportCacheEntry {
  /** The data state the value was made from, or last found unchanged for. */
  readonly state: DataState;
  /** The year's records of each kind when the value was made (records are only ever added). */
  readonly counts: YearCounts;
  readonly value: unknown;
  /** Its weight against the bound, in lines (at least one). */
  readonly weight: number;
}

/** What a {@link ReportCache} holds, and how much it was used. */
export interface ReportCacheSize {
  /** Entries kept. */
  readonly entries: number;
  /** Their weight, in lines. */
  readonly lines: number;
  /** Values given from the cache since it was made. */
  readonly given: number;
  /** Values made, not found in the cache, since it was made. */
  readonly made: number;
}

/**
 * A bounded in-process cache of what a year's reports are made from (its scenario, its run), by
 * partnership, year and what, least recently used dropped first once the entries' weight passes
 * the bound. It never decides whether an entry is still true: its reader compares the entry's data
 * state with the database's (see `reportReads`).
 */
export class ReportCache {
  private readonly entries = new Map<string, ReportCacheEntry>();
  /** What requests are making now, by key and the data state they read. */
  private readonly making = new Map<string, Promise<unknown>>();
  private weight = 0;
  /** Values given from the cache, and values made (and kept) since the cache was made. */
  readonly counts = { given: 0, made: 0 };

  /** @param options - the bound */
  constructor(private readonly options: ReportCacheOptions = DEFAULT_REPORT_CACHE) {}

  /**
   * The entry under a key, made the most recently used.
   *
   * @param key - partnership, year and what
   * @returns the entry, or undefined
   */
  get(key: string): ReportCacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Keeps an entry under a key (replacing any), then drops the least recently used entries while
   * the weight is over the bound. An entry heavier than the bound alone is not kept.
   *
   * @param key - partnership, year and what
   * @param entry - the entry
   */
  set(key: string, entry: ReportCacheEntry): void {
    this.delete(key);
    if (entry.weight > this.options.maxLines) return;
    this.entries.set(key, entry);
    this.weight += entry.weight;
    for (const [k] of this.entries) {
      if (this.weight <= this.options.maxLines) break;
      this.delete(k);
    }
  }

  /**
   * Makes what is kept under a key from the data of one state once, however many requests ask for
   * it while it is being made: a request that finds it being made from the same state awaits that
   * (the same state is the same data), and counts as given.
   *
   * @param key - partnership, year and what
   * @param state - the data state the requests read
   * @param make - makes the value (and keeps it)
   * @returns the value
   */
  once<T>(key: string, state: DataState, make: () => Promise<T>): Promise<T> {
    const at = `${key}\u0000${state.seq}\u0000${state.hash}`;
    const current = this.making.get(at);
    if (current !== undefined) {
      this.counts.given++;
      return current as Promise<T>;
    }
    const made = make().finally(() => this.making.delete(at));
    this.making.set(at, made);
    return made;
  }

  /** How many entries are kept and their weight, and how many values were given and made. */
  get size(): ReportCacheSize {
    return { entries: this.entries.size, lines: this.weight, ...this.counts };
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }

  private delete(key: string): void {
    const held = this.entries.get(key);
    if (held === undefined) return;
    this.entries.delete(key);
    this.weight -= held.weight;
  }
}
