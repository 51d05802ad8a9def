/**
 * Ingest benchmark (`npm run bench:ingest`): generates a 1,000,000-line ledger CSV and times
 * `3c recharge` on it end to end — stream, parse, validate, sum, allocate, statements, JSON out —
 * against a bare streaming parse of the same file in the same run. Each candidate runs in its own
 * process (fresh memory, peak RSS measured there), round-robin, REPEATS times; medians reported.
 * Then start-up: `3c --version` and `3c recharge --demo` as whole processes of the built bundle.
 *
 * Targets: ≥ 1 M lines/s end to end, ≥ 40% of the bare parse's speed, peak RSS < 250 MB;
 * `3c --version` < 300 ms, `3c recharge --demo` < 700 ms.
 *
 * LINES=200000 for a quicker look; REPEATS (default 3).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { demoScenarioDocument } from "@3c/domain/demo";
import { build } from "tsup";
import { BUNDLED } from "../tsup.config.js";

const LINES = Number(process.env.LINES ?? 1_000_000);
const REPEATS = Number(process.env.REPEATS ?? 3);
const here = dirname(fileURLToPath(import.meta.url));
const dir = join(tmpdir(), "3c-bench-ingest");
mkdirSync(dir, { recursive: true });
const csv = join(dir, `ledger-${LINES}.csv`);
const scenario = join(dir, "base.json");
const map = join(dir, "map.json");

// The demo partnership without its cost lines (the ledger gives them) and without support between
// services, so that every line is summed (support services' lines are kept one by one).
const { support: _support, ...noSupport } = demoScenarioDocument;
writeFileSync(scenario, JSON.stringify({ ...noSupport, costLines: [] }));
writeFileSync(
  map,
  JSON.stringify({
    columns: {
      id: "Journal",
      date: "Posted",
      service: "Service",
      pool: "Subjective",
      amount: "Net",
      description: "Narrative",
    },
  }),
);

if (!existsSync(csv)) {
  const pools = demoScenarioDocument.services.flatMap((s) => s.pools.map((p) => `${s.id},${p.id}`));
  const start = Date.UTC(2024, 3, 1);
  const days = Array.from({ length: 365 }, (_, d) => new Date(start + d * 86_400_000).toISOString().slice(0, 10));
  let seed = 20250331;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const parts: string[] = ["Journal,Posted,Service,Subjective,Net,Narrative\n"];
  for (let i = 0; i < LINES; i++) {
    const pence = (next() % 2_000_000) - 20_000;
    const sign = pence < 0 ? "-" : "";
    const abs = Math.abs(pence);
    parts.push(
      `J${String(i).padStart(8, "0")},${days[((i * 365) / LINES) | 0]},${pools[next() % pools.length]},${sign}${(abs / 100) | 0}.${String(abs % 100).padStart(2, "0")},Invoice ${next() % 100000}\n`,
    );
  }
  writeFileSync(csv, parts.join(""));
}
const mb = statSync(csv).size / 1e6;
console.log(`Ledger: ${LINES.toLocaleString("en-GB")} lines, ${mb.toFixed(1)} MB (${csv})`);

// The candidates run as plain JavaScript, bundled here from source (the domain included), so that
// neither TypeScript compilation at start nor the tsx loader's memory is counted.
const outDir = join(here, "..", "bench-dist");
await build({
  entry: { ingestChild: join(here, "ingestChild.ts") },
  format: ["esm"],
  outDir,
  // As the shipped bundle has them (tsup.config.ts). A list of its own here once lacked
  // @3c/workbooks, whose package points at TypeScript only, and the bench failed at its first run.
  noExternal: BUNDLED,
  silent: true,
  esbuildOptions(options) {
    options.conditions = ["@3c/source"];
  },
});
const child = join(outDir, "ingestChild.js");
const common = [
  "--scenario",
  scenario,
  "--ledger",
  csv,
  "--map",
  map,
  "--period",
  "2024/25",
  "--format",
  "json",
  "--out",
  "/dev/null",
  "--no-progress",
];
const candidates: Record<string, string[]> = {
  bare: ["bare", csv],
  "bare (papaparse)": ["papaparse", csv],
  recharge: ["recharge", ...common],
  "recharge --keep-lines": ["recharge", ...common, "--keep-lines"],
};
const results = new Map<string, { ms: number; rows: number; maxRssMB: number }[]>();
for (let r = 0; r < REPEATS; r++) {
  for (const [name, args] of Object.entries(candidates)) {
    const out = execFileSync(process.execPath, [child, ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    const list = results.get(name) ?? [];
    list.push(JSON.parse(out.trim().split("\n").pop() as string));
    results.set(name, list);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const bareMs = median((results.get("bare") ?? []).map((x) => x.ms));
console.log(`\n| | median | lines/s | of bare parse | peak RSS |\n|---|---:|---:|---:|---:|`);
for (const [name, list] of results) {
  const ms = median(list.map((x) => x.ms));
  console.log(
    `| ${name} | ${ms.toFixed(0)} ms | ${(((LINES / ms) * 1000) / 1e6).toFixed(2)} M | ${((bareMs / ms) * 100).toFixed(0)}% | ${median(list.map((x) => x.maxRssMB)).toFixed(0)} MB |`,
  );
}

const bin = join(here, "..", "dist", "3c.js");
if (!existsSync(bin)) {
  console.log("\nStart-up: build first (npm run build) to time the bundled command.");
} else {
  const time = (args: string[], n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [bin, ...args], { stdio: ["ignore", "ignore", "inherit"] });
      ms.push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`3c ${args.join(" ")} exited ${r.status}`);
    }
    return median(ms);
  };
  console.log(`\nStart-up (whole process, built bundle, median):`);
  console.log(`  3c --version: ${time(["--version"], 11).toFixed(0)} ms (target < 300 ms)`);
  console.log(
    `  3c recharge --demo --period 2024/25-Q3: ${time(["recharge", "--demo", "--period", "2024/25-Q3"], 7).toFixed(0)} ms (target < 700 ms)`,
  );
  console.log(
    `  3c recharge --demo --period 2024/25 --format json: ${time(["recharge", "--demo", "--period", "2024/25", "--format", "json"], 7).toFixed(0)} ms`,
  );
}
