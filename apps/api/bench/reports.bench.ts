/**
 * `npm run bench:reports`: how long the shared reports take as a year's cost lines grow. Each
 * savings and annual report runs the year's recharge, and a later year's savings report runs each
 * earlier year with lines again (decision 170): so the time a request takes grows with the lines of
 * every year it counts. Measured in process (`app.request()`) on the demo, first as seeded (the
 * baseline, in the same run), then with `LINES` ICT cost lines (default 20,000 and 100,000) added to
 * 2024/25: the savings and annual reports of 2024/25 (the year's own run), and the savings report
 * of 2025/26, a year with no lines whose report runs 2024/25 as an earlier year. `REPEAT` (default 3)
 * requests each, the best and the median printed. PGlite in memory by default; `BENCH_DATABASE_URL`
 * runs it against a PostgreSQL server. Figures are recorded in docs/performance.md.
 */
import { seededBenchApp } from "./seededBenchApp.js";

const SIZES = (process.env.LINES ?? "20000,100000").split(",").map(Number);
const REPEAT = Number(process.env.REPEAT ?? 3);
const { store, app, system } = await seededBenchApp();
const viewer = (await store.createKey({ partnership: "3c", partner: "CCC", role: "viewer", name: "bench" }, system))
  .secret;
const REPORTS = [
  ["savings 2024/25", "/reports/savings?year=2024/25"],
  ["annual ICT 2024/25", "/reports/annual/ICT?year=2024/25"],
  ["savings 2025/26 (2024/25 counted as an earlier year)", "/reports/savings?year=2025/26"],
] as const;

async function timed(path: string): Promise<number> {
  const started = performance.now();
  const res = await app.request(`/v1/partnerships/3c${path}`, { headers: { Authorization: `Bearer ${viewer}` } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  return performance.now() - started;
}

async function measure(label: string): Promise<void> {
  for (const [name, path] of REPORTS) {
    const times: number[] = [];
    for (let i = 0; i < REPEAT; i++) times.push(await timed(path));
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    console.log(`| ${label} | ${name} | ${Math.round(times[0] as number)} ms | ${Math.round(median)} ms |`);
  }
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
  `3c shared reports as 2024/25's cost lines grow, in process, best and median of ${REPEAT}, Node ${process.version}\n`,
);
console.log("| 2024/25's lines added | report | best | median |\n| --- | --- | ---: | ---: |");
await measure("none (the demo as seeded: baseline)");
let added = 0;
for (const size of SIZES) {
  await store.importRecords(
    "3c",
    "cost-lines",
    Array.from({ length: size - added }, (_, k) => line(added + k)),
    system,
  );
  added = size;
  await measure(size.toLocaleString("en-GB"));
}
await store.close();
