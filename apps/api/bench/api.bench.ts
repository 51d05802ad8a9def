/**
 * `npm run bench:api`: imports 100,000 cost lines and runs a year's recharge through the API
 * (in-process, `app.request()`), and times the bare domain run on the same scenario in the same
 * process. PGlite in memory by default; `BENCH_DATABASE_URL` runs it against a PostgreSQL server.
 * `LINES=20000` for a quick look. Figures are recorded in docs/performance.md.
 */
import { loadScenario, rechargeRun } from "@3c/domain";
import { DEMO_PERIOD, demoScenarioDocument } from "@3c/domain/demo";
import { seededBenchApp } from "./seededBenchApp.js";

const LINES = Number(process.env.LINES ?? 100_000);
const { store, app, system } = await seededBenchApp();
const lead = new Map(demoScenarioDocument.services.map((s) => [s.id, s.lead]));
const pools = demoScenarioDocument.services.flatMap((s) => s.pools.map((p) => ({ service: s.id, pool: p.id })));
const keys = new Map<string, string>();
for (const partner of ["CCC", "HDC", "SCDC"]) {
  for (const role of ["finance", "approver"] as const) {
    keys.set(
      `${partner}/${role}`,
      (await store.createKey({ partnership: "3c", partner, role, name: `${role}@${partner}` }, system)).secret,
    );
  }
}
const ends = [
  "04-30",
  "05-31",
  "06-30",
  "07-31",
  "08-31",
  "09-30",
  "10-31",
  "11-30",
  "12-31",
  "01-31",
  "02-28",
  "03-31",
];
const byLead = new Map<string, object[]>();
let seed = 12345;
for (let i = 0; i < LINES; i++) {
  const p = pools[i % pools.length] as { service: string; pool: string };
  const month = ends[i % 12] as string;
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  const pence = (seed % 500_000) + 1;
  const line = {
    id: `B${String(i).padStart(7, "0")}`,
    service: p.service,
    pool: p.pool,
    date: `${month.startsWith("0") && Number(month.slice(0, 2)) < 4 ? 2025 : 2024}-${month}`,
    amount: `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`,
  };
  const l = lead.get(p.service) as string;
  // Grouped by the lead whose finance users may write them.
  const list = byLead.get(l) ?? [];
  list.push(line);
  byLead.set(l, list);
}

const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const out = await fn();
  return [out, performance.now() - start];
};
const call = async (key: string, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

let importMs = 0;
for (const [partner, items] of byLead) {
  const [res, ms] = await time(() =>
    call(keys.get(`${partner}/finance`) as string, "POST", "/v1/partnerships/3c/cost-lines/import", { items }),
  );
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  importMs += ms;
}
const [runRes, runMs] = await time(() =>
  call(keys.get("HDC/finance") as string, "POST", "/v1/partnerships/3c/runs", {
    period: DEMO_PERIOD,
    issueDate: "2025-04-30",
  }),
);
if (runRes.status !== 201) throw new Error(`run failed: ${runRes.status} ${await runRes.text()}`);
const run = (await runRes.json()) as { id: string; manifest: { outputHash: string } };
const [, approveMs] = await time(() =>
  call(keys.get("CCC/approver") as string, "POST", `/v1/partnerships/3c/runs/${run.id}/approve`),
);
const [, statementMs] = await time(async () => {
  const res = await call(
    keys.get("HDC/finance") as string,
    "GET",
    `/v1/partnerships/3c/runs/${run.id}/statements/SCDC?format=xlsx`,
  );
  return res.arrayBuffer();
});

const [doc, assembleMs] = await time(() => store.scenarioDocument("3c", DEMO_PERIOD));
const numbers = { CCC: `${run.id}/CCC`, HDC: `${run.id}/HDC`, SCDC: `${run.id}/SCDC` };
const [direct, domainMs] = await time(async () =>
  rechargeRun({
    scenario: loadScenario(doc),
    period: DEMO_PERIOD,
    statements: { numbers, issueDate: "2025-04-30" as never },
  }),
);
if (direct.manifest.outputHash !== run.manifest.outputHash) throw new Error("the API's run differs from the domain's");

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const total = (doc.costLines?.length ?? 0).toLocaleString("en-GB");
process.stdout.write(
  [
    `bench:api — ${LINES.toLocaleString("en-GB")} cost lines (+ the demo's), ${store.db.kind}, Node ${process.version}`,
    `  import through the API (JSON, ${byLead.size} requests):   ${s(importMs)}`,
    `  draft the year's run through the API (${total} lines): ${s(runMs)}`,
    `    assembling the scenario from the store, measured apart: ${s(assembleMs)}`,
    `  bare domain run, same scenario, same process: ${s(domainMs)}`,
    `  approve: ${s(approveMs)}`,
    `  one statement as XLSX: ${s(statementMs)}`,
    `  same output hash as the bare domain run: yes`,
    "",
  ].join("\n"),
);
if (store.db.kind === "postgres") {
  const [{ schema }] = (await store.db.query<{ schema: string }>("SELECT current_schema() AS schema")) as [
    { schema: string },
  ];
  await store.db.exec(`DROP SCHEMA ${schema} CASCADE`);
}
await store.close();
