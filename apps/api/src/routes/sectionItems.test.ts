import { type SectionItemKindName, type SectionName, systemActor } from "@3c/store";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing/index.js";

// p1: A leads ICT, HR, LEGAL and FIN (A and B take part), C leads BC; p2 has ICT and BC only. The
// savings agreement's terms, two KPIs and ICT's calendar are stored whole beforehand, as an agreed
// section would be.
const t = useTestApp({
  per: "test",
  seed: async (app) => {
    const { seedSmall } = await import("../testing/index.js");
    await seedSmall(app, "p1");
    await seedSmall(app, "p2");
    const system = systemActor();
    for (const id of ["HR", "LEGAL", "FIN"])
      await app.store.createService(
        "p1",
        { id, name: id, lead: "A", participants: ["A", "B"], pools: [{ id: "staff", name: "Staff" }] },
        system,
      );
    await app.store.putSection("p1", "savings", { rounding: "half-up", attribution: "actual", baselines: [] }, system);
    await app.store.putSection("p1", "kpis", [kpi("ICT-KPI-1", "ICT"), kpi("HR-KPI-1", "HR")], system);
    // An outage needs its service's calendar.
    await app.store.putSection("p1", "calendars", [{ id: "ict", kind: "24x7", services: ["ICT"] }], system);
  },
  keys: {
    financeA: "p1/A/finance",
    financeB: "p1/B/finance",
    viewerC: "p1/C/viewer",
    approverA: "p1/A/approver",
    adminA: "p1/A/admin",
    financeP2: "p2/A/finance",
  },
});
const base = "/v1/partnerships/p1";

function kpi(code: string, service: string) {
  return {
    code,
    name: `${code} calls answered in time`,
    service,
    unit: "percent",
    polarity: "higher-is-better",
    targets: [{ year: "2024/25", value: "95" }],
  };
}
const year = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, "0")}`;

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors: { path: string; row?: number; column?: string; message: string }[];
}

/** How a kind is exercised: items A's finance may add, bad ones with where they are bad, a CSV. */
interface Case {
  readonly section: SectionName;
  /** The n-th valid item (n from 0; at least 3 distinct), its id, and a filter that picks item 1 alone. */
  readonly item: (n: number) => Record<string, unknown>;
  readonly id: (n: number) => string;
  readonly filter: string;
  /** Items stored beforehand that the filter picks too. */
  readonly alsoFiltered?: readonly string[];
  /** Bad items among good ones, and the [row, column] of each problem (JSON rows count from 1). */
  readonly bad: readonly unknown[];
  readonly badAt: readonly (readonly [number, string])[];
  /** A CSV in the kind's layout: good rows, then the same with bad rows and their [record, column]. */
  readonly csv: string;
  readonly csvIds: readonly string[];
  readonly badCsv: string;
  readonly badCsvAt: readonly (readonly [number, string])[];
  /** An item dated in 2025/26 (closed in the test) and the field it is refused at. */
  readonly closed?: readonly [Record<string, unknown>, string];
  /** The id of the `closed` item. */
  readonly closedId?: string;
  /** A change of fields outside the key, for a PUT of item 0. */
  readonly change: Record<string, unknown>;
}

const outage = (id: string, start: string, partner = "A") => ({
  id,
  start,
  services: ["ICT"],
  systems: ["Email"],
  partners: [{ partner, users: 10 }],
  planned: false,
  priority: "P1",
});

const CASES: Record<SectionItemKindName, Case> = {
  budgets: {
    section: "budgets",
    change: { amount: "2.00" },
    item: (n) => ({ service: "ICT", pool: "staff", year: year(2020 + n), amount: `${1000 + n}.00` }),
    id: (n) => `ICT.staff.${year(2020 + n).replace("/", "-")}`,
    filter: "period=2021/22",
    bad: [
      { service: "ICT", pool: "nope", year: "2030/31", amount: "1.00" },
      { service: "ICT", pool: "staff", year: "2031/32", amount: "1.00" },
      { service: "ICT", pool: "staff", year: "2032/33", amount: "12,00" },
    ],
    badAt: [
      [1, "pool"],
      [3, "amount"],
    ],
    csv: "service,pool,year,amount,description\nICT,staff,2030/31,5.00,Pay\nHR,staff,2030/31,6.00,\n",
    csvIds: ["HR.staff.2030-31", "ICT.staff.2030-31"],
    badCsv: "service,pool,year,amount\nICT,staff,2030/31,5.00\nICT,nope,2031/32,1\nICT,staff,2032/33,abc\n",
    badCsvAt: [
      [3, "pool"],
      [4, "amount"],
    ],
    closed: [{ service: "ICT", pool: "staff", year: "2025/26", amount: "1.00" }, "year"],
    closedId: "ICT.staff.2025-26",
  },
  baselines: {
    section: "savings",
    change: { amount: "2000.00" },
    item: (n) => {
      const [partner, service] = [
        ["A", "ICT"],
        ["B", "HR"],
        ["A", "HR"],
      ][n] as [string, string];
      return { partner, service, baseYear: "2014/15", amount: "1000.00" };
    },
    id: (n) => ["A.ICT", "B.HR", "A.HR"][n] as string,
    filter: "partner=B",
    bad: [
      { partner: "Z", service: "ICT", baseYear: "2014/15", amount: "1.00" },
      { partner: "B", service: "ICT", baseYear: "2014", amount: "1.00" },
    ],
    badAt: [
      [1, "partner"],
      [2, "baseYear"],
    ],
    csv: "partner,service,baseYear,amount,indexation\nA,LEGAL,2014/15,5.00,\nB,LEGAL,2014/15,6.00,\n",
    csvIds: ["A.LEGAL", "B.LEGAL"],
    badCsv: "partner,service,baseYear,amount\nA,LEGAL,2014/15,5.00\nB,LEGAL,2014/15,x\nZ,LEGAL,2014/15,1\n",
    badCsvAt: [
      [3, "amount"],
      [4, "partner"],
    ],
  },
  "one-offs": {
    section: "savings",
    change: { amount: "200.00" },
    item: (n) => ({
      id: `O${n}`,
      kind: "cost",
      category: "set-up",
      service: "ICT",
      year: year(2020 + n),
      amount: "100.00",
      split: { kind: "equal" },
    }),
    id: (n) => `O${n}`,
    filter: "period=2021/22",
    bad: [
      {
        id: "X1",
        kind: "gift",
        category: "set-up",
        service: "ICT",
        year: "2024/25",
        amount: "1",
        split: { kind: "equal" },
      },
      {
        id: "X2",
        kind: "cost",
        category: "set-up",
        service: "ICT",
        year: "2024/25",
        amount: "1",
        split: { kind: "?" },
      },
    ],
    badAt: [
      [1, "kind"],
      [2, "split.kind"],
    ],
    csv: 'id,kind,category,service,year,amount,split\nC1,cost,set-up,ICT,2024/25,5.00,"{""kind"":""equal""}"\nC2,funding,grant,ICT,2024/25,6.00,"{""kind"":""baseline""}"\n',
    csvIds: ["C1", "C2"],
    badCsv:
      'id,kind,category,service,year,amount,split\nC1,cost,set-up,ICT,2024/25,5.00,"{""kind"":""equal""}"\nC2,cost,set-up,ICT,2024/25,6.00,{nope\nC3,cost,set-up,ICT,2024/25,x,"{""kind"":""equal""}"\n',
    badCsvAt: [
      [3, "split"],
      [4, "amount"],
    ],
    closed: [
      {
        id: "Z",
        kind: "cost",
        category: "set-up",
        service: "ICT",
        year: "2025/26",
        amount: "1",
        split: { kind: "equal" },
      },
      "year",
    ],
    closedId: "Z",
  },
  kpis: {
    section: "kpis",
    change: { name: "Renamed" },
    item: (n) => kpi(`K${n}`, n === 1 ? "LEGAL" : "ICT"),
    id: (n) => `K${n}`,
    filter: "service=LEGAL",
    // A new KPI's code holds no '.', which joins the ids of its targets and measurements.
    bad: [{ ...kpi("X1", "ICT"), unit: "furlongs" }, kpi("X2", "ICT"), { ...kpi("X3", "NOPE") }, kpi("X.4", "ICT")],
    badAt: [
      [1, "unit"],
      [3, "service"],
      [4, "code"],
    ],
    csv: 'code,name,service,unit,polarity,monitoringOnly,other\nC1,Calls,ICT,count,lower-is-better,true,\nC2,Rate,HR,percent,higher-is-better,,"{""targets"":[{""year"":""2024/25"",""value"":""80""}]}"\n',
    csvIds: ["C1", "C2"],
    badCsv:
      "code,name,service,unit,polarity,monitoringOnly\nC1,Calls,ICT,count,lower-is-better,true\nC2,Rate,HR,percent,sideways,true\nC3,Rate,HR,percent,higher-is-better,maybe\n",
    badCsvAt: [
      [3, "polarity"],
      [4, "monitoringOnly"],
    ],
  },
  "kpi-targets": {
    section: "kpis",
    change: { value: "97" },
    item: (n) => ({ kpi: n === 1 ? "HR-KPI-1" : "ICT-KPI-1", effectiveFrom: `2025-0${n + 1}-01`, value: "96" }),
    id: (n) => `${n === 1 ? "HR-KPI-1" : "ICT-KPI-1"}.2025-0${n + 1}-01`,
    filter: "kpi=HR-KPI-1",
    alsoFiltered: ["HR-KPI-1.2024-04-01"],
    bad: [
      { kpi: "NOPE", year: "2025/26", value: "1" },
      { kpi: "ICT-KPI-1", year: "2026/27", value: "1" },
      { kpi: "ICT-KPI-1", effectiveFrom: "2027-02-01", value: "abc" },
    ],
    badAt: [
      [1, "kpi"],
      [3, "value"],
    ],
    csv: "kpi,year,effectiveFrom,value,note\nICT-KPI-1,2026/27,,97,Raised\nHR-KPI-1,,2026-10-01,90,\n",
    csvIds: ["HR-KPI-1.2026-10-01", "ICT-KPI-1.2026-04-01"],
    badCsv: "kpi,year,effectiveFrom,value\nICT-KPI-1,2026/27,,97\nNOPE,2027/28,,1\nICT-KPI-1,,2027-02-01,abc\n",
    badCsvAt: [
      [3, "kpi"],
      [4, "value"],
    ],
  },
  measurements: {
    section: "measurements",
    change: { numerator: "8" },
    item: (n) => ({ kpi: "ICT-KPI-1", period: `2024/25-Q${n + 1}`, numerator: "9", denominator: "10" }),
    id: (n) => `ICT-KPI-1.2024-25-Q${n + 1}.all`,
    filter: "period=2024/25-Q2",
    bad: [
      { kpi: "ICT-KPI-1", period: "2024/25-Q9", numerator: "9", denominator: "10" },
      { kpi: "HR-KPI-1", period: "2024/25-Q1", partner: "A", numerator: "9", denominator: "10" },
      { kpi: "ICT-KPI-1", period: "2023/24-Q1", numerator: "9", denominator: "0" },
    ],
    badAt: [
      [1, "period"],
      [3, "denominator"],
    ],
    csv: "kpi,period,partner,numerator,denominator,note\nICT-KPI-1,2023/24,A,90,100,\nHR-KPI-1,2023/24,,80,100,Good\n",
    csvIds: ["HR-KPI-1.2023-24.all", "ICT-KPI-1.2023-24.A"],
    badCsv: "kpi,period,numerator,denominator\nICT-KPI-1,2023/24,90,100\nNOPE,2023/24,1,2\nHR-KPI-1,2023/24,1,x\n",
    badCsvAt: [
      [3, "kpi"],
      [4, "denominator"],
    ],
    closed: [{ kpi: "ICT-KPI-1", period: "2025/26-Q1", numerator: "9", denominator: "10" }, "period"],
    closedId: "ICT-KPI-1.2025-26-Q1.all",
  },
  outages: {
    section: "outages",
    change: { systems: ["Files"] },
    item: (n) => outage(`O${n}`, `2024-05-1${n}T10:00:00+01:00`, n === 1 ? "B" : "A"),
    id: (n) => `O${n}`,
    filter: "partner=B",
    bad: [
      { ...outage("X1", "2024-06-01T10:00:00+01:00"), priority: "P9" },
      outage("X2", "2024-06-02T10:00:00+01:00"),
      { ...outage("X3", "2024-06-03T10:00:00+01:00"), partners: [{ partner: "A", users: -1 }] },
    ],
    badAt: [
      [1, "priority"],
      [3, "partners[0].users"],
    ],
    csv: 'id,start,end,services,systems,planned,priority,partners\nC1,2024-07-01T09:00:00+01:00,2024-07-01T10:00:00+01:00,ICT,"Email, Files",false,P2,A=100; B=50\nC2,2024-07-02T09:00:00+01:00,,ICT,Email,true,P4,B=5\n',
    csvIds: ["C1", "C2"],
    badCsv:
      "id,start,services,systems,planned,priority,partners\nC1,2024-07-01T09:00:00+01:00,ICT,Email,false,P2,A=100\nC2,2024-07-02T09:00:00+01:00,ICT,Email,false,P2,A=many\nC3,2024-07-03,ICT,Email,false,P2,A=1\n",
    badCsvAt: [
      [3, "partners"],
      [4, "start"],
    ],
    closed: [outage("Z", "2025-06-01T10:00:00+01:00"), "start"],
    closedId: "Z",
  },
  calendars: {
    section: "calendars",
    change: { timeZone: "Europe/London" },
    item: (n) => ({ id: `cal${n}`, kind: "24x7", services: [["FIN", "HR", "LEGAL"][n] as string] }),
    id: (n) => `cal${n}`,
    filter: "service=HR",
    bad: [
      { id: "X1", kind: "24x7", services: ["NOPE"] },
      { id: "X2", kind: "24x7", services: ["LEGAL"] },
      { id: "X3", kind: "24x7", services: ["HR"], timeZone: "Mars/Olympus" },
    ],
    badAt: [
      [1, "services[0]"],
      [3, "timeZone"],
    ],
    csv: 'id,kind,services,weekdays,from,to,timeZone,bankHolidays\nC1,24x7,FIN,,,,,\nC2,working-hours,"HR, LEGAL","Mon, Tue, Wed, Thu, Fri",08:00,18:00,Europe/London,2024-12-25\n',
    csvIds: ["C1", "C2"],
    badCsv: "id,kind,services,timeZone\nC1,24x7,FIN,\nC2,24x7,NOPE,\nC3,24x7,HR,Mars/Olympus\n",
    badCsvAt: [
      [3, "services"],
      [4, "timeZone"],
    ],
  },
};

/** The stored section (as the API shows it, or its absence) and the audit chain's length. */
async function state(section: SectionName) {
  const stored = await t.call("GET", `${base}/sections/${section}`, { key: t.keys.viewerC });
  const verify = (await (await t.call("GET", `${base}/audit/verify`, { key: t.keys.approverA })).json()) as {
    valid: boolean;
    records: number;
  };
  // A 404's problem names its request: only a stored section's content is compared.
  const content = stored.status === 200 ? await stored.text() : stored.status;
  return { section: content, records: verify.records, valid: verify.valid };
}

/** The distinct [row, column] pairs of a problem's issues, in order. */
const where = (body: Problem) =>
  [...new Set(body.errors.map((e) => JSON.stringify([e.row, e.column])))].map((e) => JSON.parse(e));

/** Opens and closes 2025/26 (by A's approver). */
async function close2025() {
  for (const path of ["/periods", "/periods/2025-26/close"]) {
    const res = await t.call("POST", `${base}${path}`, {
      key: t.keys.approverA,
      ...(path === "/periods" ? { json: { name: "2025/26" } } : {}),
    });
    expect(res.status).toBeLessThan(300);
  }
}

const post = (kind: string, json: unknown, key = t.keys.financeA) => t.call("POST", `${base}/${kind}`, { key, json });
const ids = async (path: string) =>
  (
    (await (await t.call("GET", `${base}/${path}`, { key: t.keys.viewerC })).json()) as { items: { id: string }[] }
  ).items.map((i) => i.id);

describe.each(Object.entries(CASES) as [SectionItemKindName, Case][])("%s", (kind, c) => {
  it("are added one by one, read back with their ids, listed by a filter and paged in id order", async () => {
    for (const n of [0, 1, 2]) {
      const res = await post(kind, c.item(n));
      expect([res.status, await res.json()]).toEqual([201, { id: c.id(n), ...c.item(n) }]);
    }
    const one = await t.call("GET", `${base}/${kind}/${c.id(1)}`, { key: t.keys.viewerC });
    expect([one.status, await one.json()]).toEqual([200, { id: c.id(1), ...c.item(1) }]);
    expect(await ids(`${kind}?${c.filter}`)).toEqual([...(c.alsoFiltered ?? []), c.id(1)].sort());
    const all = await ids(`${kind}?limit=1000`);
    expect(all).toEqual([...all].sort());
    for (const n of [0, 1, 2]) expect(all).toContain(c.id(n));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await t.call(
          "GET",
          `${base}/${kind}?limit=2${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
          {
            key: t.keys.viewerC,
          },
        )
      ).json()) as { items: { id: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(all);
  });

  it("answer 404 to another partnership's key and for an unknown id, and 409 for an id already stored", async () => {
    expect((await post(kind, c.item(0))).status).toBe(201);
    const other = await t.call("GET", `${base}/${kind}/${c.id(0)}`, { key: t.keys.financeP2 });
    expect(other.status).toBe(404);
    expect((await t.call("GET", `${base}/${kind}`, { key: t.keys.financeP2 })).status).toBe(404);
    expect((await post(kind, c.item(1), t.keys.financeP2)).status).toBe(404);
    expect((await t.call("GET", `${base}/${kind}/nothing`, { key: t.keys.viewerC })).status).toBe(404);
    const before = await state(c.section);
    const again = await post(kind, c.item(0));
    const body = (await again.json()) as Problem;
    expect([again.status, body.code, body.errors[0]?.message]).toEqual([
      409,
      "ALREADY_EXISTS",
      expect.stringContaining("is already stored"),
    ]);
    expect(body.errors[0]?.row).toBeUndefined();
    expect(await state(c.section)).toEqual(before);
  });

  it("import JSON all or nothing: every bad item by row and column, nothing stored, no audit record", async () => {
    const before = await state(c.section);
    const res = await t.call("POST", `${base}/${kind}/import`, { key: t.keys.financeA, json: { items: c.bad } });
    const body = (await res.json()) as Problem;
    expect([res.status, body.code]).toEqual([422, "INVALID_INPUT"]);
    expect(where(body)).toEqual(c.badAt);
    expect(await state(c.section)).toEqual(before);
    const good = [c.item(0), c.item(1)];
    const ok = await t.call("POST", `${base}/${kind}/import`, { key: t.keys.financeA, json: { items: good } });
    expect([ok.status, await ok.json()]).toEqual([201, { kind, imported: 2, ids: [c.id(0), c.id(1)] }]);
    const after = await state(c.section);
    expect(after.records).toBe(before.records + 1);
    expect(after.valid).toBe(true);
    const log = (await (await t.call("GET", `${base}/audit?limit=1000`, { key: t.keys.approverA })).json()) as {
      items: { action: string; target: string; actor: string }[];
    };
    expect(log.items.at(-1)).toMatchObject({ action: "section.put", target: `sections/${c.section}` });
  });

  it("import CSV in the workbook sheet's columns: bad rows by record and column in one answer, then the good file", async () => {
    const before = await state(c.section);
    const bad = await t.call("POST", `${base}/${kind}/import`, { key: t.keys.financeA, text: c.badCsv });
    const body = (await bad.json()) as Problem;
    expect([bad.status, bad.headers.get("Content-Type")]).toEqual([422, "application/problem+json"]);
    expect(where(body)).toEqual(c.badCsvAt);
    expect(await state(c.section)).toEqual(before);
    const header = c.csv.slice(0, c.csv.indexOf("\n") + 1);
    const none = await t.call("POST", `${base}/${kind}/import`, { key: t.keys.financeA, text: header });
    expect([none.status, await none.json()]).toEqual([201, { kind, imported: 0, ids: [] }]);
    const empty = await t.call("POST", `${base}/${kind}/import`, { key: t.keys.financeA, text: "" });
    expect(empty.status).toBe(422);
    expect(await state(c.section)).toEqual(before);
    const ok = await t.call("POST", `${base}/${kind}/import`, { key: t.keys.financeA, text: c.csv });
    const imported = (await ok.json()) as { ids: string[] };
    expect([ok.status, [...imported.ids].sort()]).toEqual([201, c.csvIds]);
    expect(await ids(`${kind}?limit=1000`)).toEqual(expect.arrayContaining([...c.csvIds]));
  });

  it("refuse a finance key of a partner that does not lead the service with 403, storing nothing", async () => {
    const before = await state(c.section);
    const res = await post(kind, c.item(0), t.keys.financeB);
    const body = (await res.json()) as Problem;
    expect([res.status, body.code]).toEqual([403, "NOT_PERMITTED"]);
    const viewer = await post(kind, c.item(0), t.keys.viewerC);
    expect(viewer.status).toBe(403);
    expect(await state(c.section)).toEqual(before);
  });

  it("are replaced and removed one at a time by id, audited (the chain verifying); 404 for an unknown id or another partnership", async () => {
    for (const n of [0, 1]) expect((await post(kind, c.item(n))).status).toBe(201);
    const before = await state(c.section);
    const url = `${base}/${kind}/${encodeURIComponent(c.id(0))}`;
    const changed = { ...c.item(0), ...c.change };
    const put = await t.call("PUT", url, { key: t.keys.financeA, json: changed });
    expect([put.status, await put.json()]).toEqual([200, { id: c.id(0), ...changed }]);
    // The same item again (its fields in another order): checked, answered alike, nothing written or audited.
    const unchanged = await t.call("PUT", url, {
      key: t.keys.financeA,
      json: Object.fromEntries(Object.entries(changed).reverse()),
    });
    expect([unchanged.status, await unchanged.json()]).toEqual([200, { id: c.id(0), ...changed }]);
    const read = await t.call("GET", url, { key: t.keys.viewerC });
    expect(await read.json()).toEqual({ id: c.id(0), ...changed });
    // Another item's key in the body: the id would change.
    const moved = await t.call("PUT", url, { key: t.keys.financeA, json: c.item(2) });
    const problem = (await moved.json()) as Problem;
    expect([moved.status, problem.code]).toEqual([422, "INVALID_INPUT"]);
    expect(problem.errors[0]?.message).toContain("an id does not change; delete the item and add the new one");
    for (const key of [t.keys.financeP2]) {
      expect((await t.call("PUT", url, { key, json: changed })).status).toBe(404);
      expect((await t.call("DELETE", url, { key })).status).toBe(404);
    }
    const removed = await t.call("DELETE", url, { key: t.keys.financeA });
    expect([removed.status, await removed.json()]).toEqual([200, { id: c.id(0), ...changed }]);
    expect((await t.call("GET", url, { key: t.keys.viewerC })).status).toBe(404);
    expect((await t.call("DELETE", url, { key: t.keys.financeA })).status).toBe(404);
    expect((await t.call("PUT", url, { key: t.keys.financeA, json: c.item(0) })).status).toBe(404);
    expect(await ids(`${kind}?limit=1000`)).toContain(c.id(1));
    const after = await state(c.section);
    expect([after.records, after.valid]).toEqual([before.records + 2, true]);
    const log = (await (await t.call("GET", `${base}/audit?limit=1000`, { key: t.keys.approverA })).json()) as {
      items: { action: string; target: string }[];
    };
    expect(log.items.slice(-2).map((r) => [r.action, r.target])).toEqual([
      ["section.put", `sections/${c.section}`],
      ["section.put", `sections/${c.section}`],
    ]);
  });

  it("are replaced or removed only by a finance key of the service's lead: 403 otherwise, storing nothing", async () => {
    expect((await post(kind, c.item(0))).status).toBe(201);
    const before = await state(c.section);
    const url = `${base}/${kind}/${encodeURIComponent(c.id(0))}`;
    for (const key of [t.keys.financeB, t.keys.viewerC, t.keys.adminA]) {
      const put = await t.call("PUT", url, { key, json: { ...c.item(0), ...c.change } });
      const removed = await t.call("DELETE", url, { key });
      expect([put.status, removed.status]).toEqual([403, 403]);
    }
    expect(await state(c.section)).toEqual(before);
  });

  if (c.closed !== undefined) {
    const [closedItem, dated] = c.closed;
    it("are neither replaced nor removed in a closed period, nor moved into or out of one: 409 at the date's field", async () => {
      expect((await post(kind, closedItem)).status).toBe(201);
      expect((await post(kind, c.item(0))).status).toBe(201);
      await close2025();
      const before = await state(c.section);
      const closedId = c.closedId as string;
      const tries: [string, string, Record<string, unknown> | undefined][] = [
        ["PUT", closedId, { ...closedItem, ...c.change }],
        ["DELETE", closedId, undefined],
      ];
      // Where the date is not part of the id, an item can be moved: into a closed period or out of one.
      if (!closedId.includes("2025-26")) {
        tries.push(["PUT", c.id(0), { ...c.item(0), [dated]: closedItem[dated] }]);
        tries.push(["PUT", closedId, { ...closedItem, [dated]: c.item(0)[dated] }]);
      }
      for (const [method, id, json] of tries) {
        const res = await t.call(method, `${base}/${kind}/${encodeURIComponent(id)}`, {
          key: t.keys.financeA,
          ...(json === undefined ? {} : { json }),
        });
        const body = (await res.json()) as Problem;
        expect([method, res.status, body.code]).toEqual([method, 409, "PERIOD_CLOSED"]);
        if (method === "PUT") expect(body.errors.map((e) => e.path)).toContain(dated);
      }
      expect(await state(c.section)).toEqual(before);
    });
  }

  if (c.closed !== undefined) {
    const [item, field] = c.closed;
    it("refuse an item dated in a closed period with 409, naming its date's field", async () => {
      await close2025();
      const before = await state(c.section);
      const res = await post(kind, item);
      const body = (await res.json()) as Problem;
      expect([res.status, body.code, body.errors.map((e) => e.path)]).toEqual([409, "PERIOD_CLOSED", [field]]);
      const csv = await t.call("POST", `${base}/${kind}/import`, {
        key: t.keys.financeA,
        json: { items: [c.item(0), item] },
      });
      const rows = (await csv.json()) as Problem;
      expect([csv.status, rows.errors.map((e) => [e.row, e.column])]).toEqual([409, [[2, field]]]);
      expect(await state(c.section)).toEqual(before);
    });
  }
});

describe("a KPI moved to another service", () => {
  it("is refused with 409 at its service when it is in a closed year's scorecard, measured or not, or would join one, and moves when its years are open", async () => {
    const measured = (kpiCode: string, period: string) =>
      post("measurements", { kpi: kpiCode, period, numerator: "9", denominator: "10" });
    expect((await measured("HR-KPI-1", "2025/26-Q1")).status).toBe(201);
    expect((await measured("ICT-KPI-1", "2026/27-Q1")).status).toBe(201);
    await close2025();
    const before = await state("kpis");
    const move = async (json: unknown) => {
      const res = await t.call("PUT", `${base}/sections/kpis`, { key: t.keys.financeA, json });
      const body = (await res.json()) as Problem;
      return [res.status, body.code, [...new Set((body.errors ?? []).map((e) => e.path))]];
    };
    // HR's KPI, measured in closed 2025/26, would become FIN's: that year's reports would change.
    expect(await move([kpi("ICT-KPI-1", "ICT"), kpi("HR-KPI-1", "FIN")])).toEqual([
      409,
      "PERIOD_CLOSED",
      ["kpis[1].service"],
    ]);
    // ICT's KPI is measured only in 2026/27, but its row (rated "?") is in closed 2025/26's scorecard.
    expect(await move([kpi("ICT-KPI-1", "LEGAL"), kpi("HR-KPI-1", "HR")])).toEqual([
      409,
      "PERIOD_CLOSED",
      ["kpis[0].service"],
    ]);
    expect(await state("kpis")).toEqual(before);
    // A service from April 2026 is in no closed year's reports: its KPI moves.
    await t.store.createService(
      "p1",
      {
        id: "NEW",
        name: "NEW",
        lead: "A",
        participants: ["A", "B"],
        pools: [{ id: "staff", name: "Staff" }],
        effectiveFrom: "2026-04-01",
      },
      systemActor(),
    );
    const kpis = [kpi("ICT-KPI-1", "ICT"), kpi("HR-KPI-1", "HR")];
    expect((await move([...kpis, kpi("NEW-KPI-1", "NEW")]))[0]).toBe(200);
    // Into a service of the closed year it would join that year's scorecard, unless from an open year.
    expect(await move([...kpis, kpi("NEW-KPI-1", "LEGAL")])).toEqual([409, "PERIOD_CLOSED", ["kpis[2].service"]]);
    expect((await move([...kpis, { ...kpi("NEW-KPI-1", "NEW"), from: "2026/27" }]))[0]).toBe(200);
    expect((await move([...kpis, { ...kpi("NEW-KPI-1", "LEGAL"), from: "2026/27" }]))[0]).toBe(200);
  });
});

describe("a KPI whose rating changes", () => {
  it("is refused with 409 at the field when a closed year's scorecard prints it or rates a figure by it; a figure field of a KPI without figures there changes", async () => {
    expect(
      (await post("measurements", { kpi: "HR-KPI-1", period: "2025/26-Q1", numerator: "9", denominator: "10" })).status,
    ).toBe(201);
    await close2025();
    const before = await state("kpis");
    // HR's KPI was rated in closed 2025/26: lower-is-better would turn its 90% from Red to Green there.
    const flipped = { ...kpi("HR-KPI-1", "HR"), polarity: "lower-is-better" };
    const put = (json: unknown) => t.call("PUT", `${base}/sections/kpis`, { key: t.keys.financeA, json });
    const paths = async (res: Response) => {
      const body = (await res.json()) as Problem;
      return [res.status, body.code, [...new Set(body.errors.map((e) => e.path))]];
    };
    expect(await paths(await put([kpi("ICT-KPI-1", "ICT"), flipped]))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["kpis[1].polarity"],
    ]);
    const item = await t.call("PUT", `${base}/kpis/HR-KPI-1`, { key: t.keys.financeA, json: flipped });
    expect((await paths(item)).slice(0, 2)).toEqual([409, "PERIOD_CLOSED"]);
    // ICT's KPI has no figure in closed 2025/26, but is shown there ("?"): its row prints its name and polarity.
    const ict = kpi("ICT-KPI-1", "ICT");
    const hr = kpi("HR-KPI-1", "HR");
    expect(await paths(await put([{ ...ict, polarity: "lower-is-better" }, hr]))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["kpis[0].polarity"],
    ]);
    expect(await paths(await put([{ ...ict, name: "Calls answered" }, hr]))).toEqual([
      409,
      "PERIOD_CLOSED",
      ["kpis[0].name"],
    ]);
    expect(await state("kpis")).toEqual(before);
    // Its tolerance and display are read only where it has figures: none in a closed year.
    const figures = { tolerance: { kind: "absolute", amount: "2" }, display: { decimals: 2, rounding: "half-up" } };
    expect((await put([{ ...ict, ...figures }, hr])).status).toBe(200);
    // HR's are read in closed 2025/26.
    expect(
      await paths(
        await put([
          { ...ict, ...figures },
          { ...hr, tolerance: figures.tolerance },
        ]),
      ),
    ).toEqual([409, "PERIOD_CLOSED", ["kpis[1].tolerance"]]);
  });
});

describe("a KPI target in force in a closed period", () => {
  it("is neither replaced, removed nor superseded from a closed day (409, nothing stored); a target from an open year is added", async () => {
    await close2025();
    const before = await state("kpis");
    // HR-KPI-1's target from 2024/25 is in force through closed 2025/26: its RAG there is rated by it.
    const stored = `${base}/kpi-targets/${encodeURIComponent("HR-KPI-1.2024-04-01")}`;
    const tries = [
      await t.call("PUT", stored, { key: t.keys.financeA, json: { kpi: "HR-KPI-1", year: "2024/25", value: "50" } }),
      await t.call("DELETE", stored, { key: t.keys.financeA }),
      await post("kpi-targets", { kpi: "HR-KPI-1", effectiveFrom: "2025-06-01", value: "50" }),
      await t.call("PUT", `${base}/sections/kpis`, {
        key: t.keys.financeA,
        json: [kpi("ICT-KPI-1", "ICT"), { ...kpi("HR-KPI-1", "HR"), targets: [{ year: "2024/25", value: "50" }] }],
      }),
    ];
    const answers = await Promise.all(
      tries.map(async (res) => {
        const body = (await res.json()) as Problem;
        return [res.status, body.code, body.errors.map((e) => e.path)];
      }),
    );
    // Each at the target's own date field, as it was given. Removing HR-KPI-1's only target leaves
    // it without one, which the domain refuses: validation answers first (422), whatever the period.
    expect(answers).toEqual([
      [409, "PERIOD_CLOSED", ["year"]],
      [422, "INVALID_INPUT", ["kpis[1].targets"]],
      [409, "PERIOD_CLOSED", ["effectiveFrom"]],
      [409, "PERIOD_CLOSED", ["kpis[1].targets[0]"]],
    ]);
    expect(await state("kpis")).toEqual(before);
    expect((await post("kpi-targets", { kpi: "HR-KPI-1", year: "2026/27", value: "50" })).status).toBe(201);
  });
});

describe("section items that change partnership-wide terms", () => {
  // A one-off item without a service: the set-up grant, shared by every partner.
  const TCA = {
    id: "TCA",
    kind: "funding",
    category: "grant",
    year: "2015/16",
    amount: "500000",
    split: { kind: "equal" },
  };

  it("propose a one-off item without a service as terms waiting for every partner, as the section PUT does", async () => {
    const item = TCA;
    const financeA = await post("one-offs", item);
    expect(financeA.status).toBe(403);
    const res = await post("one-offs", item, t.keys.adminA);
    const terms = (await res.json()) as { id: string; status: string; section: string };
    expect([res.status, terms.status, terms.section, res.headers.get("Location")]).toEqual([
      202,
      "proposed",
      "savings",
      `${base}/terms/${terms.id}`,
    ]);
    expect((await t.call("GET", `${base}/one-offs/TCA`, { key: t.keys.viewerC })).status).toBe(404);
  });

  it("propose replacing or removing a one-off item without a service as terms, leaving it stored meanwhile", async () => {
    const item = TCA;
    await t.store.addSectionItems("p1", "one-offs", [item], systemActor());
    const before = await state("savings");
    const url = `${base}/one-offs/TCA`;
    expect((await t.call("DELETE", url, { key: t.keys.financeA })).status).toBe(403);
    for (const [method, json] of [
      ["PUT", { ...item, amount: "400000" }],
      ["DELETE", undefined],
    ] as const) {
      const res = await t.call(method, url, { key: t.keys.adminA, ...(json === undefined ? {} : { json }) });
      const terms = (await res.json()) as { id: string; status: string; section: string };
      expect([method, res.status, terms.status, terms.section]).toEqual([method, 202, "proposed", "savings"]);
      expect(res.headers.get("Location")).toBe(`${base}/terms/${terms.id}`);
    }
    expect((await state("savings")).section).toEqual(before.section);
    expect(await (await t.call("GET", url, { key: t.keys.viewerC })).json()).toEqual(item);
  });
});

describe("section item writes", () => {
  it("lose none in parallel: each is appended to the section as stored when its write runs", async () => {
    const periods = Array.from({ length: 8 }, (_, i) => `2023/24-P${i + 1}`);
    const answers = await Promise.all(
      periods.map((period) => post("measurements", { kpi: "ICT-KPI-1", period, numerator: "1", denominator: "2" })),
    );
    expect(answers.map((a) => a.status)).toEqual(periods.map(() => 201));
    expect(await ids("measurements?kpi=ICT-KPI-1&limit=100")).toEqual(
      periods.map((p) => `ICT-KPI-1.${p.replace("/", "-")}.all`).sort(),
    );
  });

  it("tell an amount with more places than the currency of its row, as the domain's other problems", async () => {
    const before = await state("budgets");
    const items = [
      { service: "ICT", pool: "staff", year: "2024/25", amount: "1.00" },
      { service: "ICT", pool: "staff", year: "2025/26", amount: "1.234" },
    ];
    const res = await t.call("POST", `${base}/budgets/import`, { key: t.keys.financeA, json: { items } });
    const body = (await res.json()) as Problem;
    expect([res.status, body.code, where(body)]).toEqual([422, "INVALID_INPUT", [[2, "amount"]]]);
    expect(body.errors[0]?.message).toBe('"1.234" has more decimal places than GBP allows (2)');
    expect(await state("budgets")).toEqual(before);
  });

  it("refuse removing a KPI that has measurements, or a calendar an outage needs, 422 naming what depends on it", async () => {
    expect(
      (await post("measurements", { kpi: "ICT-KPI-1", period: "2024/25", numerator: "1", denominator: "2" })).status,
    ).toBe(201);
    expect((await post("outages", outage("O1", "2024-08-01T10:00:00+01:00"))).status).toBe(201);
    for (const [path, section, named] of [
      ["kpis/ICT-KPI-1", "kpis", "measurements[0].kpi"],
      ["calendars/ict", "calendars", "outages[0]"],
    ] as const) {
      const before = await state(section);
      const res = await t.call("DELETE", `${base}/${path}`, { key: t.keys.financeA });
      const body = (await res.json()) as Problem;
      expect([res.status, body.code, body.detail]).toEqual([
        422,
        "INVALID_INPUT",
        expect.stringContaining("was not removed"),
      ]);
      expect(body.errors.map((e) => e.path).some((p) => p.startsWith(named))).toBe(true);
      expect(await state(section)).toEqual(before);
    }
  });

  it("answer a repeated Idempotency-Key on a replacement or a removal with the first answer, writing once", async () => {
    expect((await post("outages", outage("I2", "2024-08-01T10:00:00+01:00"))).status).toBe(201);
    const before = await state("outages");
    const url = `${base}/outages/I2`;
    const change = { ...outage("I2", "2024-08-01T10:00:00+01:00"), systems: ["Files"] };
    for (const [method, json] of [
      ["PUT", change],
      ["DELETE", undefined],
    ] as const) {
      const send = () =>
        t.call(method, url, {
          key: t.keys.financeA,
          ...(json === undefined ? {} : { json }),
          headers: { "Idempotency-Key": `outage-I2-${method}` },
        });
      const first = await send();
      const second = await send();
      expect([first.status, second.status, second.headers.get("Idempotent-Replayed")]).toEqual([200, 200, "true"]);
      expect(await second.json()).toEqual(await first.json());
    }
    expect((await state("outages")).records).toBe(before.records + 2);
  });

  it("answer a repeated Idempotency-Key with the first answer, storing once", async () => {
    const before = await state("outages");
    const send = () =>
      t.call("POST", `${base}/outages`, {
        key: t.keys.financeA,
        json: outage("I1", "2024-08-01T10:00:00+01:00"),
        headers: { "Idempotency-Key": "outage-I1" },
      });
    const first = await send();
    const second = await send();
    expect([first.status, second.status, await second.json()]).toEqual([201, 201, await first.json()]);
    expect((await state("outages")).records).toBe(before.records + 1);
  });
});
