/**
 * `npm run bench:api`: an HTTP load generator against the real server (`src/main.ts --demo` built as
 * deployed, into a temporary directory with the API's tsup config, a
 * child process on 127.0.0.1, PGlite in a temporary data directory, the rate limit off). For a
 * bounded time each, at 50 keep-alive connections: a trivial JSON route (`GET /`), `POST
 * /v1/calculate` with a small scenario, `GET` of a statement; then one 100,000-line CSV import.
 * Calculate is also sent to a second server whose calculations are precomputed (floorServer.ts): the
 * route's cost over HTTP without the calculation, which bounds the ratio any calculation can reach.
 * And the three (trivial, calculate, its floor) to a bare `node:http` server with no framework
 * (platformServer.ts): what the calculation itself allows against the same trivial answer.
 * Then calculate and the trivial route again at half the trivial route's flat-out rate, sent on
 * schedule (paced.ts), for latency at a set load; and calculate at half its own flat-out rate. Prints requests/s, p50/p99 latency and errors, and
 * pass/miss against the targets; `SECONDS=2` for a
 * quick look. `WEB_CONCURRENCY=2 BENCH_DATABASE_URL=postgres://…/empty_db` runs two API processes on
 * a PostgreSQL server (PGlite is one process's database; the database must be empty, so the demo's
 * keys are printed). Figures are recorded in docs/performance.md.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { build, type Options } from "tsup";
import tsupConfig from "../tsup.config.js";
import { type PacedResult, paced } from "./paced.js";

const SECONDS = Number(process.env.SECONDS ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 1);
const LINES = Number(process.env.LINES ?? 100_000);
const root = fileURLToPath(new URL("..", import.meta.url));
// API processes behind the one port (WEB_CONCURRENCY of src/main.ts); default 1.
const PROCESSES = Number(process.env.WEB_CONCURRENCY ?? 1);
const loadBefore = loadavg()
  .map((l) => l.toFixed(2))
  .join(" ");
const dataDir = mkdtempSync(join(tmpdir(), "3c-bench-http-"));
const floorDir = mkdtempSync(join(tmpdir(), "3c-bench-floor-"));
// The server as deployed: built with the API's own tsup config (decision 95), plus the floor server.
// Inside the package, so that the bundle's imports resolve from node_modules as dist/'s do.
const cacheDir = join(root, "node_modules/.cache");
mkdirSync(cacheDir, { recursive: true });
const distDir = mkdtempSync(join(cacheDir, "3c-bench-dist-"));
await build({
  ...(tsupConfig as Options),
  entry: {
    main: "src/main.ts",
    worker: "src/calculate/worker.ts",
    floor: "bench/floorServer.ts",
    platform: "bench/platformServer.ts",
  },
  outDir: distDir,
  sourcemap: false,
  silent: true,
});

function startServer(
  args: readonly string[],
  dir: string,
  database?: string,
): Promise<{ child: ChildProcess; base: string; keys: Map<string, string> }> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dir,
      DATABASE_URL: database ?? "",
      LOG_LEVEL: "warn",
      RATE_LIMIT_PER_MINUTE: "0",
      WEB_CONCURRENCY: String(PROCESSES),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const base = /3c API: +(http:\S+)/.exec(out)?.[1];
      if (base === undefined) return;
      const keys = new Map<string, string>();
      for (const m of out.matchAll(/^ {2}(\S+)\s+(\S+)\s+(3c_\S+)$/gm)) keys.set(`${m[1]}/${m[2]}`, m[3] as string);
      resolve({ child, base, keys });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/**
 * CPU time (user + system) a process and every process under it have used so far, in µs, from
 * Linux's /proc; undefined elsewhere. The server's CPU per request is the measure a shared machine
 * disturbs least: the load generator's share of the cores changes requests/s, not this.
 */
function cpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime, in clock ticks of 1/100 s (USER_HZ).
    let micros = (Number(fields[11]) + Number(fields[12])) * 10_000;
    for (const task of readdirSync(`/proc/${pid}/task`))
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" "))
        if (child !== "") micros += cpuMicros(Number(child)) ?? 0;
    return micros;
  } catch {
    return undefined;
  }
}

interface Result {
  readonly name: string;
  readonly requests: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** The server's CPU time per request, in µs (Linux only). */
  readonly cpu: number | undefined;
}

// autocannon writes pre-built requests on raw keep-alive sockets, so the client costs little of
// the two cores it shares with the server (the earlier fetch-based generator was itself the limit).
async function load(
  name: string,
  url: string,
  options: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  expect: number,
  server: ChildProcess,
): Promise<Result> {
  // A short unrecorded run first, so the first burst of 50 requests on cold (unoptimised) code
  // does not make the p99.
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS, ...options });
  const cpuBefore = cpuMicros(server.pid);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...options });
  const cpuAfter = cpuMicros(server.pid);
  const answered = r.statusCodeStats?.[`${expect}`]?.count ?? 0;
  const total = Object.values(r.statusCodeStats ?? {}).reduce((n, s) => n + (s.count ?? 0), 0);
  return {
    name,
    requests: total,
    // Connection errors and timeouts, and every answer with another status than the expected one.
    errors: r.errors + (total - answered),
    perSecond: total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / total,
  };
}

const small = {
  schemaVersion: 1,
  partnership: { id: "bench", name: "Bench", currency: "GBP" },
  partners: [
    { id: "A", name: "A" },
    { id: "B", name: "B" },
    { id: "C", name: "C" },
  ],
  services: [{ id: "ICT", name: "ICT", lead: "A", pools: [{ id: "staff", name: "Staff" }] }],
  rules: [{ id: "r1", service: "ICT", effectiveFrom: "2024-04-01", basis: { kind: "equal" } }],
  costLines: Array.from({ length: 12 }, (_, i) => ({
    id: `L${i}`,
    service: "ICT",
    pool: "staff",
    date: `2024-${String((i % 9) + 4).padStart(2, "0")}-15`,
    amount: `${1000 + i * 17}.${String(i * 7).padStart(2, "0")}`,
  })),
};

// The floor server (floorServer.ts) starts alongside: the same app whose calculations are precomputed.
const [{ child, base, keys }, floor] = await Promise.all([
  startServer([join(distDir, "main.js"), "--demo", "--port", "0"], dataDir, process.env.BENCH_DATABASE_URL),
  startServer([join(distDir, "floor.js")], floorDir),
]);
try {
  const auth = (key: string) => ({ Authorization: `Bearer ${keys.get(key) as string}` });
  const draft = await fetch(`${base}/v1/partnerships/3c/runs`, {
    method: "POST",
    headers: { ...auth("HDC/finance"), "Content-Type": "application/json" },
    body: JSON.stringify({ period: "2024/25-Q1", issueDate: "2024-07-15" }),
  });
  const run = (await draft.json()) as { id: string };
  if (draft.status !== 201) throw new Error(`draft failed: ${JSON.stringify(run)}`);
  const calculate = JSON.stringify({
    scenario: small,
    period: "2024/25",
    statements: { numbers: { A: "A-1", B: "B-1", C: "C-1" }, issueDate: "2025-04-30" },
  });

  const results: Result[] = [];
  results.push(await load("GET / (trivial JSON)", `${base}/`, {}, 200, child));
  results.push(
    await load(
      "POST /v1/calculate (12 lines)",
      `${base}/v1/calculate`,
      { method: "POST", headers: { ...auth("SCDC/viewer"), "Content-Type": "application/json" }, body: calculate },
      200,
      child,
    ),
  );
  // The same request to the floor server: everything but the calculation itself.
  const floorResult = await load(
    `POST /v1/calculate, its answer precomputed (floor${PROCESSES > 1 ? ", one process" : ""})`,
    `${floor.base}/v1/calculate`,
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${floor.keys.get("SCDC/viewer") as string}`,
        "Content-Type": "application/json",
      },
      body: calculate,
    },
    200,
    floor.child,
  );
  floor.child.kill("SIGTERM");
  // The platform: the same three on bare node:http (platformServer.ts), started now so that it
  // shares the cores with nothing but the load generator.
  const platform = await startServer([join(distDir, "platform.js")], floorDir);
  const json = { method: "POST" as const, headers: { "Content-Type": "application/json" }, body: calculate };
  const bare = [
    await load("GET / (trivial JSON)", `${platform.base}/`, {}, 200, platform.child),
    await load("POST /v1/calculate (12 lines)", `${platform.base}/v1/calculate`, json, 200, platform.child),
    await load("the same, its answer precomputed (floor)", `${platform.base}/floor`, json, 200, platform.child),
  ] as const;
  platform.child.kill("SIGTERM");
  results.push(
    await load(
      "GET a statement (JSON)",
      `${base}/v1/partnerships/3c/runs/${run.id}/statements/SCDC`,
      { headers: auth("SCDC/viewer") },
      200,
      child,
    ),
  );

  // Latency at a set load: half the trivial route's flat-out rate, sent on schedule over the same
  // connections (see paced.ts), to calculate and, as the baseline, to the trivial route itself.
  const rate = Math.max(1, Math.round((results[0] as Result).perSecond / 2));
  const calculateRequest = {
    url: `${base}/v1/calculate`,
    method: "POST" as const,
    headers: { ...auth("SCDC/viewer"), "Content-Type": "application/json" },
    body: calculate,
  };
  // The baseline first: a calculate that cannot keep up leaves its server busy for a moment after.
  const pacedTrivial = await paced({ url: `${base}/`, rate, connections: CONNECTIONS, seconds: SECONDS, expect: 200 });
  await paced({ ...calculateRequest, rate, connections: CONNECTIONS, seconds: WARMUP_SECONDS, expect: 200 });
  const pacedCalc = await paced({ ...calculateRequest, rate, connections: CONNECTIONS, seconds: SECONDS, expect: 200 });
  // And at half calculate's own flat-out rate: its latency while the server has room to spare.
  await new Promise((r) => setTimeout(r, 2000));
  const ownRate = Math.max(1, Math.round((results[1] as Result).perSecond / 2));
  const pacedCalcOwn = await paced({
    ...calculateRequest,
    rate: ownRate,
    connections: CONNECTIONS,
    seconds: SECONDS,
    expect: 200,
  });
  await new Promise((r) => setTimeout(r, 2000));

  const rows = ["id,service,pool,date,amount"];
  for (let i = 0; i < LINES; i++)
    rows.push(
      `H${String(i).padStart(7, "0")},ICT,${["staff", "licences", "infrastructure"][i % 3]},2024-${String((i % 9) + 4).padStart(2, "0")}-20,${(i % 5000) + 1}.${String(i % 100).padStart(2, "0")}`,
    );
  const csv = rows.join("\n");
  const t0 = performance.now();
  const imported = await fetch(`${base}/v1/partnerships/3c/cost-lines/import`, {
    method: "POST",
    headers: { ...auth("HDC/finance"), "Content-Type": "text/csv" },
    body: csv,
  });
  const importBody = await imported.text();
  const importSeconds = (performance.now() - t0) / 1000;

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const micros = (v: number | undefined) => (v === undefined ? "n/a" : `${Math.round(v)} µs`);
  const verdict = (ok: boolean) => (ok ? "pass" : "MISS");
  process.stdout.write(
    `\n3c API over HTTP, ${CONNECTIONS} connections, ${SECONDS} s per route after ${WARMUP_SECONDS} s of warm-up, ${PROCESSES} API process(es), Node ${process.version}, load average before: ${loadBefore}\n\n`,
  );
  process.stdout.write(
    "| route | requests | req/s | p50 | p99 | errors | server CPU a request |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
  );
  for (const r of [...results.slice(0, 2), floorResult, ...results.slice(2)])
    process.stdout.write(
      `| ${r.name} | ${r.requests} | ${Math.round(r.perSecond)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} | ${micros(r.cpu)} |\n`,
    );
  process.stdout.write(
    "\nThe same on bare node:http (no framework, middleware, key, schema or database; the API's own calculate()):\n\n| route | requests | req/s | p50 | p99 | errors | server CPU a request |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
  );
  for (const r of bare)
    process.stdout.write(
      `| ${r.name} | ${r.requests} | ${Math.round(r.perSecond)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} | ${micros(r.cpu)} |\n`,
    );
  process.stdout.write(
    `\nAt ${rate} requests/s (half the trivial route's) for ${SECONDS} s, sent on schedule over up to ${CONNECTIONS} connections, timed from when each was due (answers awaited 5 s more; latencies of those answered):\n\n| route | answered/s | p50 | p99 | max | errors (unanswered) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n`,
  );
  const pacedRow = (name: string, r: PacedResult) =>
    process.stdout.write(
      `| ${name} | ${Math.round(r.perSecond)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} (${r.unanswered}) |\n`,
    );
  pacedRow("GET / (trivial JSON)", pacedTrivial);
  pacedRow("POST /v1/calculate (12 lines)", pacedCalc);
  process.stdout.write(
    `\nAt ${ownRate} requests/s (half calculate's own flat-out rate), the same way:\n\n| route | answered/s | p50 | p99 | max | errors (unanswered) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n`,
  );
  pacedRow("POST /v1/calculate (12 lines)", pacedCalcOwn);
  const [trivial, calc] = results as [Result, Result];
  const ratio = calc.perSecond / trivial.perSecond;
  const floorRatio = floorResult.perSecond / trivial.perSecond;
  const kept = pacedCalc.perSecond / rate;
  process.stdout.write(
    `\n${verdict(ratio >= 0.5)}  calculate / trivial route, requests/s flat out: ${ratio.toFixed(2)} (target ≥ 0.5)\n`,
  );
  if (calc.cpu !== undefined && trivial.cpu !== undefined && floorResult.cpu !== undefined)
    process.stdout.write(
      `info  server CPU a request: trivial ${micros(trivial.cpu)}, calculate ${micros(calc.cpu)} (${(trivial.cpu / calc.cpu).toFixed(2)} of the trivial route's requests a CPU-second), its floor ${micros(floorResult.cpu)} (${(trivial.cpu / floorResult.cpu).toFixed(2)})\n`,
    );
  process.stdout.write(
    `info  the route's floor, its answer precomputed: ${Math.round(floorResult.perSecond)} requests/s, ${floorRatio.toFixed(2)} of the trivial route's, p99 ${ms(floorResult.p99)} (the ratio no calculation, however fast, can pass on this machine)\n`,
  );
  const [bareTrivial, bareCalc, bareFloor] = bare;
  process.stdout.write(
    `info  on bare node:http: calculate ${(bareCalc.perSecond / bareTrivial.perSecond).toFixed(2)} of the trivial route's requests/s, its floor ${(bareFloor.perSecond / bareTrivial.perSecond).toFixed(2)}; server CPU a request: trivial ${micros(bareTrivial.cpu)}, calculate ${micros(bareCalc.cpu)}, floor ${micros(bareFloor.cpu)} (what the calculation itself allows, whatever the server around it)\n`,
  );
  process.stdout.write(
    `${verdict(kept >= 0.98)}  calculate kept up with half the trivial route's rate: ${Math.round(pacedCalc.perSecond)} of ${rate} requests/s answered a second\n`,
  );
  process.stdout.write(
    `${verdict(pacedCalc.p99 < 10)}  calculate p99 at that rate: ${ms(pacedCalc.p99)} (target < 10 ms; the trivial route's at the same rate: ${ms(pacedTrivial.p99)})\n`,
  );
  process.stdout.write(
    `info  calculate at ${ownRate} requests/s, half its own flat-out rate: p99 ${ms(pacedCalcOwn.p99)}, ${pacedCalcOwn.errors} errors\n`,
  );
  process.stdout.write(
    `${verdict(calc.errors + pacedCalc.errors - pacedCalc.unanswered === 0)}  calculate errors: ${calc.errors + pacedCalc.errors - pacedCalc.unanswered} (target 0; requests left unanswered at the set rate are counted above, not here)\n`,
  );
  process.stdout.write(
    `info  calculate p99 flat out: ${ms(calc.p99)}; flat out, ${CONNECTIONS} connections each wait for the other ${CONNECTIONS - 1}, so the mean latency is ${CONNECTIONS} / requests/s (${ms((1000 * CONNECTIONS) / calc.perSecond)} here)\n`,
  );
  process.stdout.write(
    `${verdict(importSeconds < 5 && imported.status === 201)}  CSV import of ${LINES} lines (${(csv.length / 1024 / 1024).toFixed(1)} MiB): ${importSeconds.toFixed(2)} s, status ${imported.status} ${imported.status === 201 ? importBody : importBody.slice(0, 300)} (target < 5 s)\n`,
  );
  process.stdout.write(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );
} finally {
  child.removeAllListeners("exit");
  child.kill("SIGTERM");
  await new Promise((r) => child.on("exit", r));
  floor.child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(floorDir, { recursive: true, force: true });
  rmSync(distDir, { recursive: true, force: true });
}
