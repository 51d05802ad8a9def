/** Where a progress bar is drawn: a stream that may be a terminal. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const WIDTH = 24;
const EVERY_MS = 100;

const count = (n: number) => n.toLocaleString("en-GB");

function rate(perSecond: number): string {
  return perSecond >= 1e6
    ? `${(perSecond / 1e6).toFixed(2)}M`
    : perSecond >= 1e3
      ? `${(perSecond / 1e3).toFixed(0)}k`
      : perSecond.toFixed(0);
}

/**
 * A one-line progress bar for reading a large file: share of bytes read, lines, lines per second
 * and the estimated time left. Drawn only on a terminal, at most ten times a second, and only for
 * files big enough to take a while; it clears its line when done so that output stays clean.
 *
 * @example
 * const bar = new ProgressBar(process.stderr, size);
 * bar.update(chunk.length, rows); … bar.done(rows);
 */
export class ProgressBar {
  private readonly sink: ProgressSink;
  private readonly total: number;
  private readonly started: number;
  private readonly enabled: boolean;
  private bytes = 0;
  private last = 0;
  private drawn = false;

  /**
   * @param sink - the stream to draw on (standard error)
   * @param totalBytes - the file's size
   * @param now - the clock (injected for tests)
   */
  constructor(
    sink: ProgressSink,
    totalBytes: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sink = sink;
    this.total = totalBytes;
    this.started = now();
    this.enabled = sink.isTTY === true && totalBytes >= 8 << 20;
  }

  /**
   * Records progress and redraws when due.
   *
   * @param bytes - bytes read since the last call
   * @param rows - lines read so far
   */
  update(bytes: number, rows: number): void {
    this.bytes += bytes;
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.last < EVERY_MS) return;
    this.last = t;
    this.sink.write(`\r${this.render(rows, t)}`);
    this.drawn = true;
  }

  /**
   * The bar's text at a moment.
   *
   * @param rows - lines read so far
   * @param t - the time now, in milliseconds
   * @returns e.g. `[#########---------------]  38%  380,000 lines  1.21M lines/s  ETA 0.5s`
   */
  render(rows: number, t: number): string {
    const share = this.total === 0 ? 1 : Math.min(1, this.bytes / this.total);
    const filled = Math.round(share * WIDTH);
    const seconds = Math.max((t - this.started) / 1000, 1e-3);
    const eta = share > 0 ? (seconds * (1 - share)) / share : 0;
    return `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${count(rows)} lines  ${rate(rows / seconds)} lines/s  ETA ${eta.toFixed(1)}s`;
  }

  /**
   * Clears the bar.
   *
   * @param _rows - lines read in all
   */
  done(_rows: number): void {
    if (this.drawn) this.sink.write(`\r${" ".repeat(78)}\r`);
  }
}
