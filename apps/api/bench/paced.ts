/**
 * An open-model load generator for `bench:api`: sends requests at a fixed rate, one every 1/rate
 * seconds whatever the server does, over at most `connections` keep-alive connections, and times
 * each from when it was due to be sent, not from when a connection was free to send it. So a server
 * that falls behind shows it in the latency (no coordinated omission), where a closed-loop generator
 * (autocannon, each connection waiting for its answer) would only send less. autocannon's own rate
 * option sends each connection's quota at the start of every second, in bursts.
 */
import http from "node:http";

/** What to send and how fast. */
export interface PacedOptions {
  readonly url: string;
  readonly method?: "GET" | "POST";
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Requests a second. */
  readonly rate: number;
  readonly connections: number;
  readonly seconds: number;
  /** The status every answer should have. */
  readonly expect: number;
  /** Seconds after the last request is due to wait for answers (default 5); the rest count as errors. */
  readonly grace?: number;
}

/** What came back. */
export interface PacedResult {
  readonly sent: number;
  /** Answers with another status than expected, failed requests, and those unanswered in time. */
  readonly errors: number;
  /** Requests still unanswered when the grace period ended (counted in `errors`). */
  readonly unanswered: number;
  /** Answers a second over the whole run, until the last answer. */
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number);

/**
 * Runs the load.
 *
 * @param o - target, rate, connections, duration
 * @returns answers a second, latency percentiles in milliseconds, and errors
 */
export function paced(o: PacedOptions): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const total = Math.round(o.rate * o.seconds);
  const latencies = new Float64Array(total);
  const interval = 1000 / o.rate;
  const headers = {
    ...o.headers,
    ...(o.body === undefined ? {} : { "Content-Length": String(Buffer.byteLength(o.body)) }),
  };
  let sent = 0;
  let done = 0;
  // Every request not yet answered, so that none outlives the run (queued in the agent, it would
  // still be sent after the run, into the next measurement).
  const open = new Set<http.ClientRequest>();
  let errors = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      const elapsed = (performance.now() - start) / 1000;
      for (const req of open) req.destroy();
      open.clear();
      agent.destroy();
      const sorted = latencies.slice(0, done).sort();
      resolve({
        sent,
        unanswered: total - done,
        errors: errors + (total - done),
        perSecond: done / elapsed,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        max: percentile(sorted, 1),
      });
    };
    const deadline = setTimeout(finish, (o.seconds + (o.grace ?? 5)) * 1000);
    const answered = (due: number, ok: boolean) => {
      if (finished) return;
      latencies[done++] = performance.now() - due;
      if (!ok) errors++;
      if (done === total) finish();
    };
    const send = (due: number) => {
      const req = http.request(o.url, { agent, method: o.method ?? "GET", headers }, (res) => {
        res.resume();
        res.on("end", () => {
          open.delete(req);
          answered(due, res.statusCode === o.expect);
        });
      });
      open.add(req);
      req.on("error", () => {
        open.delete(req);
        answered(due, false);
      });
      req.end(o.body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
}
