/**
 * `npm run bench:items`: one measurement, and one outage, added through the API (in-process,
 * `app.request()`) into a section already holding 1,000, 10,000 and 100,000 items, against the
 * same write into an empty section (the baseline, measured in the same run); then one item
 * replaced (`PUT …/{kind}/{id}`) and one removed (`DELETE …/{kind}/{id}`: the first, one from the
 * middle and the last, whose places in the section are counted from the nearer end), against the same change made by a `PUT …/sections/{section}` of
 * the whole section with that item changed or left out, timed beside them. Then a CSV import of 10,000
 * measurements. PGlite in memory by default; `BENCH_DATABASE_URL` runs it against a PostgreSQL
 * server. `SIZES=1000,10000` for a quick look, `REPEAT` (default 5) writes a size, `PUTS` (default
 * 3; 0 skips them) section PUTs a size. Each size also times reading one item by its id, the list's first
 * page and a filtered page. Figures are recorded in docs/performance.md.
 */
import { demoScenarioDocument } from "@3c/domain/demo";
import { sectionItemKind } from "@3c/store";
import { seededBenchApp } from "./seededBenchApp.js";

const SIZES = (process.env.SIZES ?? "1000,10000,100000").split(",").map(Number);
const REPEAT = Number(process.env.REPEAT ?? 5);
// How many times each section PUT is timed (0 skips them: they take most of the run at 100,000).
const PUTS = Number(process.env.PUTS ?? 3);
const { store, app, system } = await seededBenchApp();
// ICT is led by HDC: its finance users write ICT's measurements and outages.
const finance = (await store.createKey({ partnership: "3c", partner: "HDC", role: "finance", name: "bench" }, system))
  .secret;
const base = "/v1/partnerships/3c";

// 100 KPIs of ICT, each measured for the partnership and each council by quarter from 2030/31.
const KPIS = 100;
const kpis = Array.from({ length: KPIS }, (_, k) => ({
  code: `BENCH-${String(k).padStart(3, "0")}`,
  name: `Bench KPI ${k}`,
  service: "ICT",
  unit: "percent",
  polarity: "higher-is-better",
  targets: [{ year: "2030/31", value: "95" }],
}));
await store.putSection("3c", "kpis", [...(demoScenarioDocument.kpis ?? []), ...kpis], system);
const WHO = [undefined, "CCC", "HDC", "SCDC"];
const quarter = (q: number) => {
  const y = 2030 + Math.floor(q / 4);
  return `${y}/${String((y + 1) % 100).padStart(2, "0")}-Q${(q % 4) + 1}`;
};
const measurement = (i: number) => {
  const partner = WHO[i % WHO.length];
  const kpi = kpis[Math.floor(i / WHO.length) % KPIS]?.code as string;
  const q = Math.floor(i / (WHO.length * KPIS));
  return { kpi, period: quarter(q), ...(partner === undefined ? {} : { partner }), numerator: "9", denominator: "10" };
};
// One an hour from 2030, half an hour long, on ICT (whose calendar the demo holds).
const outage = (i: number, prefix = "B") => {
  const start = new Date(Date.UTC(2030, 0, 1) + i * 3_600_000);
  const end = new Date(start.getTime() + 1_800_000);
  return {
    id: `${prefix}${String(i).padStart(7, "0")}`,
    start: start.toISOString().replace(".000Z", "Z"),
    end: end.toISOString().replace(".000Z", "Z"),
    services: ["ICT"],
    systems: ["Email"],
    partners: [{ partner: "CCC", users: 10 }],
    planned: false,
    priority: "P2",
  };
};
// The items written: measured before 2030/31 (a demo KPI, no clash with the filler), outages of 2029.
const newMeasurement = (r: number) => ({
  kpi: "ICT-KPI-3",
  period: `2029/30-Q${(r % 4) + 1}`,
  ...(r < 4 ? {} : { partner: WHO[1 + Math.floor(r / 4)] }),
  numerator: "9",
  denominator: "10",
});
const newOutage = (r: number) => ({ ...outage(r, "N"), start: `2029-06-0${r + 1}T10:00:00Z`, end: undefined });

const call = async (method: string, path: string, body?: unknown, type = "application/json") => {
  const start = performance.now();
  const res = await app.request(path, {
    method,
    headers: { Authorization: `Bearer ${finance}`, "Content-Type": type },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  const ms = performance.now() - start;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return ms;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Row {
  readonly size: number;
  readonly post: number;
  readonly put: number;
  readonly remove: number;
  readonly itemPut: number;
  readonly itemDelete: number;
  readonly itemDeleteLast: number;
  readonly itemDeleteMiddle: number;
  readonly itemGet: number;
  readonly listPage: number;
  readonly listKpi: number;
}

/** Fills a section with `size` items, then times adding one item and replacing or removing one. */
async function measure(section: "measurements" | "outages", size: number): Promise<Row> {
  const filler = Array.from({ length: size }, (_, i) => (section === "measurements" ? measurement(i) : outage(i)));
  await store.putSection("3c", section, filler, system);
  const posts: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    const item = section === "measurements" ? newMeasurement(r) : newOutage(r);
    const clean = Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
    posts.push(await call("POST", `${base}/${section}`, clean));
  }
  const stored = (await store.getSections("3c"))[section] as Record<string, unknown>[];
  const urlOf = (item: Record<string, unknown>) =>
    `${base}/${section}/${encodeURIComponent(sectionItemKind(section).idOf(item) as string)}`;
  const puts: number[] = [];
  const removes: number[] = [];
  if (size > 0)
    for (let r = 0; r < PUTS; r++) {
      const changed = stored.map((item, i) =>
        i === r
          ? section === "measurements"
            ? { ...item, numerator: `${r}` }
            : { ...item, systems: ["Files"] }
          : item,
      );
      puts.push(await call("PUT", `${base}/sections/${section}`, changed));
      removes.push(await call("PUT", `${base}/sections/${section}`, changed.slice(1)));
      // Put back what was removed, for the next round.
      await store.putSection("3c", section, stored, system);
    }
  // One item replaced, then one removed, by their own routes: the first stored items (a removal
  // once renumbered every later position), the middle ones and the last.
  // Reads: one item by its id, the first page of the list, and a page of one KPI's (or id's) items.
  const itemGets: number[] = [];
  const listPages: number[] = [];
  const listKpis: number[] = [];
  if (size > 0)
    for (let r = 0; r < REPEAT; r++) {
      const item = stored[Math.floor(stored.length / 2) + r] as Record<string, unknown>;
      itemGets.push(await call("GET", urlOf(item)));
      listPages.push(await call("GET", `${base}/${section}`));
      listKpis.push(
        await call(
          "GET",
          section === "measurements" ? `${base}/${section}?kpi=${item.kpi}` : `${base}/${section}?partner=CCC&limit=10`,
        ),
      );
    }
  const itemPuts: number[] = [];
  const itemDeletes: number[] = [];
  const itemDeletesLast: number[] = [];
  const itemDeletesMiddle: number[] = [];
  if (size > 0)
    for (let r = 0; r < REPEAT; r++) {
      const item = stored[r] as Record<string, unknown>;
      const changed = section === "measurements" ? { ...item, numerator: "7" } : { ...item, systems: ["Files"] };
      itemPuts.push(await call("PUT", urlOf(item), changed));
      itemDeletes.push(await call("DELETE", urlOf(item)));
      // The last stored item: nothing after it to renumber (a feed retracting its latest figure).
      itemDeletesLast.push(await call("DELETE", urlOf(stored[stored.length - 1 - r] as Record<string, unknown>)));
      // One from the middle: its place in the section is counted over half of it, the most either way.
      itemDeletesMiddle.push(
        await call("DELETE", urlOf(stored[Math.floor(stored.length / 2) + r] as Record<string, unknown>)),
      );
    }
  return {
    size,
    itemPut: itemPuts.length === 0 ? 0 : median(itemPuts),
    itemDelete: itemDeletes.length === 0 ? 0 : median(itemDeletes),
    itemDeleteLast: itemDeletesLast.length === 0 ? 0 : median(itemDeletesLast),
    itemDeleteMiddle: itemDeletesMiddle.length === 0 ? 0 : median(itemDeletesMiddle),
    itemGet: itemGets.length === 0 ? 0 : median(itemGets),
    listPage: listPages.length === 0 ? 0 : median(listPages),
    listKpi: listKpis.length === 0 ? 0 : median(listKpis),
    post: median(posts),
    put: puts.length === 0 ? 0 : median(puts),
    remove: removes.length === 0 ? 0 : median(removes),
  };
}

const ms = (x: number) => (x === 0 ? "—" : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
// Each figure is printed as it is measured: the whole run takes minutes.
const lines = { push: (line: string) => process.stdout.write(`${line}\n`) };
lines.push(`bench:items — ${store.db.kind}, Node ${process.version}, median of ${REPEAT} (PUTs of ${PUTS})`);
for (const section of ["measurements", "outages"] as const) {
  const baseline = await measure(section, 0);
  lines.push(`  ${section}: one item POST, baseline (empty section): ${ms(baseline.post)}`);
  for (const size of SIZES) {
    const row = await measure(section, size);
    lines.push(
      `  ${section} holding ${size.toLocaleString("en-GB")}: POST one ${ms(row.post)} (${(row.post / baseline.post).toFixed(1)}× baseline); item PUT ${ms(row.itemPut)}, item DELETE ${ms(row.itemDelete)} (first) ${ms(row.itemDeleteMiddle)} (middle) ${ms(row.itemDeleteLast)} (last); section PUT with one changed ${ms(row.put)}, with one removed ${ms(row.remove)}; GET one ${ms(row.itemGet)}, list's first page ${ms(row.listPage)}, filtered ${ms(row.listKpi)}`,
    );
  }
  await store.putSection("3c", section, [], system);
}

// A CSV import of 10,000 measurements into the empty section.
const header = "kpi,period,partner,numerator,denominator\n";
const csv =
  header +
  Array.from({ length: 10_000 }, (_, i) => {
    const m = measurement(i);
    return `${m.kpi},${m.period},${m.partner ?? ""},${m.numerator},${m.denominator}`;
  }).join("\n");
const importMs = await call("POST", `${base}/measurements/import`, csv, "text/csv");
lines.push(`  CSV import of 10,000 measurements into an empty section: ${ms(importMs)}`);
const again = `${header}ICT-KPI-3,2028/29-Q1,,9,10\n`;
const oneMs = await call("POST", `${base}/measurements/import`, again, "text/csv");
lines.push(`  then a CSV import of 1 measurement into those 10,000: ${ms(oneMs)}`);

if (store.db.kind === "postgres") {
  const [{ schema }] = (await store.db.query<{ schema: string }>("SELECT current_schema() AS schema")) as [
    { schema: string },
  ];
  await store.db.exec(`DROP SCHEMA ${schema} CASCADE`);
}
await store.close();
