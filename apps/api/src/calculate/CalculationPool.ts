import { Worker } from "node:worker_threads";
import { type CalculationError, fromCalculationError, type Job, perform } from "./calculation.js";

/** Where the API runs its stateless calculations. */
export interface Calculations {
  /** Worker threads calculating; 0 when they run on the event loop. */
  readonly threads: number;
  /**
   * Does a job: a calculation or a check.
   *
   * @param job - the job, from the checked request body
   * @param bytes - the size of the request body, when known
   * @returns the answer as JSON, UTF-8 encoded
   */
  run(job: Job, bytes?: number): Promise<Uint8Array>;
  /** Stops the threads; calculations still queued are refused. */
  close(): Promise<void>;
}

const encoder = new TextEncoder();

/** Calculations on the event loop itself: for tests, small bodies, and `CALC_THREADS=0`. */
export const inlineCalculations: Calculations = {
  threads: 0,
  run: async (job) => encoder.encode(perform(job)),
  close: async () => {},
};

/**
 * The export conditions among a process's Node options, which a thread needs to resolve modules the
 * same way (`--conditions=x`, `--conditions x`, `-C x`).
 *
 * @param argv - Node options, e.g. `process.execArgv`
 * @returns the conditions options alone
 */
export function conditionsOf(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith("--conditions=")) out.push(a);
    else if ((a === "--conditions" || a === "-C") && i + 1 < argv.length) out.push(`--conditions=${argv[++i]}`);
  }
  return out;
}

/**
 * Small calculations on the event loop, large ones in a pool's threads: a small scenario costs less
 * than a millisecond, less than the hand-over to a thread and back; a large one would hold up every
 * other request for as long as it takes (decision 88).
 *
 * @param pool - the threads for large calculations
 * @param inlineBytes - the largest request body calculated on the event loop
 * @returns the calculations
 */
export function bySize(pool: Calculations, inlineBytes: number): Calculations {
  return {
    threads: pool.threads,
    run: (job, bytes) =>
      bytes !== undefined && bytes <= inlineBytes ? inlineCalculations.run(job) : pool.run(job, bytes),
    close: () => pool.close(),
  };
}

interface Task {
  readonly id: number;
  readonly job: Job;
  readonly resolve: (json: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

type Reply =
  | { readonly id: number; readonly bytes: Uint8Array }
  | { readonly id: number; readonly error: CalculationError };

/**
 * A fixed pool of worker threads for the stateless calculation and check, so that a large scenario does not
 * hold up every other request on the event loop, and calculations use the cores the event loop does
 * not (decision 88). Each thread takes one calculation at a time; the rest wait in order. A thread
 * that dies fails only the calculation it held, and is replaced.
 *
 * @example
 * const pool = new CalculationPool(2);
 * const bytes = await pool.run(body); // the run as UTF-8 JSON
 * await pool.close();
 */
export class CalculationPool implements Calculations {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly waiting: Task[] = [];
  private nextId = 0;
  private closed = false;
  private readonly script: URL;
  private readonly fromSource: boolean;

  /**
   * Starts the threads.
   *
   * @param threads - how many (at least 1)
   * @param execArgv - Node options for the threads (default: this process's export conditions,
   *   e.g. `--conditions=@3c/source`; threads refuse V8 options such as heap sizes)
   */
  constructor(
    readonly threads: number,
    private readonly execArgv: readonly string[] = conditionsOf(process.execArgv),
  ) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be a whole number ≥ 1, not ${threads}`);
    // The worker is a sibling module: .ts when run from source (tsx), .js when built.
    this.fromSource = import.meta.url.endsWith(".ts");
    this.script = new URL(this.fromSource ? "./worker.ts" : "./worker.js", import.meta.url);
    for (let i = 0; i < threads; i++) this.idle.push(this.start());
  }

  run(job: Job): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Error("the calculation pool is closed"));
    return new Promise((resolve, reject) => {
      const task: Task = { id: this.nextId++, job, resolve, reject };
      const worker = this.idle.pop();
      if (worker === undefined) this.waiting.push(task);
      else this.give(worker, task);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.waiting.splice(0)) task.reject(new Error("the calculation pool is closed"));
    const all = [...this.idle.splice(0), ...this.busy.keys()];
    for (const task of this.busy.values()) task.reject(new Error("the calculation pool is closed"));
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private start(): Worker {
    // From source, the thread registers tsx's loader itself: Node 20 does not carry the process's
    // module hooks into worker threads.
    const worker = this.fromSource
      ? new Worker(
          `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(this.script.href)}); });`,
          { eval: true, execArgv: [...this.execArgv] },
        )
      : new Worker(this.script, { execArgv: [...this.execArgv] });
    worker.on("message", (reply: Reply) => {
      const task = this.busy.get(worker);
      if (task === undefined || task.id !== reply.id) return;
      this.busy.delete(worker);
      if ("bytes" in reply) task.resolve(reply.bytes);
      else task.reject(fromCalculationError(reply.error));
      this.next(worker);
    });
    // An uncaught error ends the thread ("exit" follows); "exit" alone covers running out of memory.
    const lost = (why: string) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      task?.reject(new Error(`the calculation thread stopped: ${why}`));
      if (!this.closed) this.next(this.start());
    };
    let ended = false;
    worker.on("error", (error) => {
      if (ended) return;
      ended = true;
      lost(error.message);
    });
    worker.on("exit", (code) => {
      if (ended) return;
      ended = true;
      lost(`exit code ${code}`);
    });
    return worker;
  }

  private give(worker: Worker, task: Task): void {
    this.busy.set(worker, task);
    worker.postMessage({ id: task.id, job: task.job });
  }

  private next(worker: Worker): void {
    const task = this.waiting.shift();
    if (task === undefined) this.idle.push(worker);
    else this.give(worker, task);
  }
}
