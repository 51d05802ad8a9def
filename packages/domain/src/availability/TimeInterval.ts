import type { EpochSeconds } from "./instant.js";

/** A half-open stretch of time `[start, end)` in POSIX seconds. Plain data. */
export interface TimeInterval {
  readonly start: EpochSeconds;
  readonly end: EpochSeconds;
}

/**
 * Merges intervals into a sorted list of disjoint ones: overlapping or touching intervals become
 * one, empty ones vanish. Two outages of the same service from 09:00–10:00 and 09:30–11:00 are
 * 2 hours down, not 2½. Idempotent and independent of input order.
 *
 * @param intervals - any intervals (end ≥ start)
 * @returns sorted, disjoint, non-empty intervals covering the same time
 * @example mergeIntervals([{ start: 30, end: 60 }, { start: 0, end: 40 }]) // [{ start: 0, end: 60 }]
 */
export function mergeIntervals(intervals: readonly TimeInterval[]): TimeInterval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const { start, end } of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && start <= last.end) {
      if (end > last.end) last.end = end;
    } else {
      out.push({ start, end });
    }
  }
  return out;
}

/**
 * The time covered by both lists.
 *
 * @param a - intervals
 * @param b - intervals
 * @returns sorted disjoint intervals of a ∩ b
 */
export function intersectIntervals(a: readonly TimeInterval[], b: readonly TimeInterval[]): TimeInterval[] {
  const x = mergeIntervals(a);
  const y = mergeIntervals(b);
  const out: TimeInterval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i] as TimeInterval;
    const q = y[j] as TimeInterval;
    const start = Math.max(p.start, q.start);
    const end = Math.min(p.end, q.end);
    if (end > start) out.push({ start, end });
    if (p.end < q.end) i++;
    else j++;
  }
  return out;
}

/**
 * The time in `a` not covered by `b`.
 *
 * @param a - intervals
 * @param b - intervals to remove
 * @returns sorted disjoint intervals of a − b
 */
export function subtractIntervals(a: readonly TimeInterval[], b: readonly TimeInterval[]): TimeInterval[] {
  const cut = mergeIntervals(b);
  const out: TimeInterval[] = [];
  let j = 0;
  for (const p of mergeIntervals(a)) {
    let start = p.start;
    while (j < cut.length && (cut[j] as TimeInterval).end <= start) j++;
    for (let k = j; k < cut.length && (cut[k] as TimeInterval).start < p.end; k++) {
      const q = cut[k] as TimeInterval;
      if (q.start > start) out.push({ start, end: q.start });
      start = Math.max(start, q.end);
    }
    if (p.end > start) out.push({ start, end: p.end });
  }
  return out;
}

/**
 * Total length of intervals, counting overlapping time once.
 *
 * @param intervals - any intervals
 * @returns whole seconds
 */
export function totalSeconds(intervals: readonly TimeInterval[]): number {
  let total = 0;
  for (const i of mergeIntervals(intervals)) total += i.end - i.start;
  return total;
}

/**
 * Seconds of one interval covered by a list already merged ({@link mergeIntervals}): a binary
 * search, so measuring many outages against a year's calendar stays fast.
 *
 * @param interval - the interval to measure
 * @param merged - sorted, disjoint intervals
 * @returns whole seconds of `interval` inside `merged`
 */
export function overlapSeconds(interval: TimeInterval, merged: readonly TimeInterval[]): number {
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((merged[mid] as TimeInterval).end <= interval.start) lo = mid + 1;
    else hi = mid;
  }
  let total = 0;
  for (let k = lo; k < merged.length; k++) {
    const m = merged[k] as TimeInterval;
    if (m.start >= interval.end) break;
    total += Math.min(m.end, interval.end) - Math.max(m.start, interval.start);
  }
  return total;
}
