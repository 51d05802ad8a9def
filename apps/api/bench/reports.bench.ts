/**
 * `npm run bench:reports`: how long the shared reports take as a year's cost lines grow, with and
 * without what the store keeps between requests. Each savings and annual report reads and runs the
 * year's recharge, and a later year's savings report each earlier year with lines (decision 170);
 * the store keeps each year's scenario and run while nothing they read changes (the partnership's
 * data state, see `Store.readForReports`). Measured in process (`app.request()`) on the demo, first
 * as seeded (the baseline, in the same run), then with `LINES` ICT cost lines (default 20,000 and
 * 100,000) added to 2024/25: the savings and annual reports of 2024/25 (the year's own run), and
 * the savings report of 2025/26, a year with no lines whose report runs 2024/25 as an earlier
 * year. Each report four ways, medians of `REPEAT` (default 3) requests:
 * - without the cache: a second store over the same database keeping nothing (every request as
 *   before the cache);
 * - cold: the cache emptied before each request (a first request after a write that changes the
 *   year, or after a restart);
 * - warm: asked again with no write in between;
 * - after another year's import: the first request after driver quantities of a later year
 *   (2026/27) are imported, a write that changes nothing the report reads, so what is kept carries
 *   over after one look at the writes since.
 * Then the heap a 2024/25 kept (its scenario and run) takes. PGlite in memory by default;
 * `BENCH_DATABASE_URL` runs it against a PostgreSQL server. Figures are in docs/performance.md.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Store } from "@3c/store";
import pino from "pino";
import { createApp } from "../src/http/createApp.js";
import { seededBenchApp } from "./seededBenchApp.js";

const SIZES = (process.env.LINES ?? "20000,100000").split(",").map(Number);
const REPEAT = Number(process.env.REPEAT ?? 3);
const { store, app, system } = await seededBenchApp();
// The same database, nothing kept: every request reads and runs every year it counts.
const uncached = createApp({ store: new Store(store.db, { reportCache: false }), logger: pino({ level: "silent" }) });
const viewer = (await store.createKey({ partnership: "3c", partner: "CCC", role: "viewer", name: "bench" }, system))
  .secret;
const REPORTS = [
  ["savings 2024/25", "/reports/savings?year=2024/25"],
  ["annual ICT 2024/25", "/reports/annual/ICT?year=2024/25"],
  ["savings 2025/26 (2024/25 counted as an earlier year)", "/reports/savings?year=2025/26"],
] as const;

async function timed(on: typeof app, path: string): Promise<number> {
  const started = performance.now();
  const res = await on.request(`/v1/partnerships/3c${path}`, { headers: { Authorization: `Bearer ${viewer}` } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  return performance.now() - started;
}

async function median(times: () => Promise<number>): Promise<number> {
  const all: number[] = [];
  for (let i = 0; i < REPEAT; i++) all.push(await times());
  all.sort((a, b) => a - b);
  return all[Math.floor(all.length / 2)] as number;
}

let imported = 0;
// One driver quantity of a later year (2026/27): a write no report of 2024/25 or 2025/26 reads.
const anotherYearsImport = () =>
  store.importRecords(
    "3c",
    "drivers",
    [{ driver: `bench-${imported++}`, partner: "CCC", period: "2026/27", quantity: "1" }],
    system,
  );

const ms = (t: number) => `${Math.round(t).toLocaleString("en-GB")} ms`;

async function measure(label: string): Promise<void> {
  for (const [name, path] of REPORTS) {
    const without = await median(() => timed(uncached, path));
    const cold = await median(() => {
      store.forgetReports();
      return timed(app, path);
    });
    const warm = await median(() => timed(app, path));
    const carried = await median(async () => {
      await timed(app, path);
      await anotherYearsImport();
      return timed(app, path);
    });
    console.log(`| ${label} | ${name} | ${ms(without)} | ${ms(cold)} | ${ms(warm)} | ${ms(carried)} |`);
  }
}

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
async function heapKept(size: number): Promise<string> {
  store.forgetReports();
  gc();
  const before = process.memoryUsage().heapUsed;
  await timed(app, "/reports/savings?year=2024/25");
  gc();
  const after = process.memoryUsage().heapUsed;
  const { entries, lines } = store.keptForReports;
  return `${((after - before) / 2 ** 20).toFixed(0)} MB in ${entries} entries weighing ${lines.toLocaleString("en-GB")} lines (${((after - before) / size / 1024).toFixed(1)} kB a line of the year)`;
}

const pools = ["staff", "licences", "infrastructure"];
// Lines dated across 2024/25 (April 2024 to March 2025), amounts up to £997.99.
const line = (i: number) => {
  const month = i % 12;
  const date = month < 9 ? `2024-${String(month + 4).padStart(2, "0")}-15` : `2025-0${month - 8}-15`;
  return {
    id: `BENCH-${i}`,
    service: "ICT",
    pool: pools[i % 3],
    date,
    amount: `${(i % 997) + 1}.${String(i % 100).padStart(2, "0")}`,
  };
};

console.log(
  `3c shared reports as 2024/25's cost lines grow, in process, medians of ${REPEAT}, Node ${process.version}\n`,
);
console.log(
  "| 2024/25's lines added | report | without the cache | cold | warm | after another year's import |\n| --- | --- | ---: | ---: | ---: | ---: |",
);
await measure("none (the demo as seeded: baseline)");
let added = 0;
const heaps: string[] = [];
for (const size of SIZES) {
  await store.importRecords(
    "3c",
    "cost-lines",
    Array.from({ length: size - added }, (_, k) => line(added + k)),
    system,
  );
  added = size;
  await measure(size.toLocaleString("en-GB"));
  heaps.push(`${size.toLocaleString("en-GB")} lines in 2024/25: ${await heapKept(size)}`);
}
console.log(`\nHeap kept for 2024/25 (its scenario and run), after a full collection:\n${heaps.join("\n")}`);
await store.close();
