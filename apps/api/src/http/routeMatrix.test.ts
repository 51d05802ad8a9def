import { DEMO_PERIOD, demoScenarioDocument } from "@3c/domain/demo";
import {
  type Actor,
  type RecordKindName,
  ROLES,
  type Role,
  type RuleDocument,
  SECTION_ITEM_KIND_NAMES,
  type SectionItemKindName,
  sectionItemKind,
  systemActor,
} from "@3c/store";
import { describe, expect, it } from "vitest";
import { ictLine, seedEntitlements, type TestApp, useTestApp } from "../testing/index.js";
import { PERMISSIONS, type Permission } from "./entitlements.js";

// The entitlement matrix generated from the app's own route table: every route the app registers
// must declare its policy here (the permission it needs, which partners reach the resource, which
// may not write it), and each is tried by every role of every partner of its partnership and of
// another partnership. Partnership p1: A leads ICT (A and B take part), C leads BC alone.
// Every case expects exactly one status: the route's success status where the key is allowed (each
// request is given what it needs to succeed — a fresh draft to approve, a fresh period to close…),
// 403 or 404 where it is not, and every refusal is problem+json with its type and code.

type Partner = "A" | "B" | "C";
interface Policy {
  /** The permission the route needs: the roles that hold it are allowed, the others get 403. */
  readonly permission: Permission;
  /** The concrete path under `/v1/partnerships/p1` (default: the template with its sample values). */
  readonly path?: () => string | Promise<string>;
  readonly body?: () => unknown;
  /** Partners that reach the resource (others get 404); default all. */
  readonly reach?: readonly Partner[];
  /** Partners that reach it but may not write it (403 even with the role). */
  readonly refused?: readonly Partner[];
  /** As `refused`, for one role only (where roles holding the permission may write different parts). */
  readonly refusedByRole?: Partial<Record<Role, readonly Partner[]>>;
  /** The status of an allowed request; default 200. */
  readonly ok?: number;
  /** Not under a partnership: a key of another partnership is allowed too. */
  readonly global?: boolean;
  /** What a 200 answer may hold for a key of this partner (its entitled view of the resource). */
  readonly shows?: (partner: Partner, body: Record<string, unknown>) => void;
}

type Transfers = readonly { from: string; to: string }[];
/** Only transfers the partner pays or receives, and only its own net position. */
const ownMoney = (partner: Partner, body: Record<string, unknown>) => {
  for (const name of ["invoices", "settlement"])
    expect((body[name] as Transfers).every((t) => t.from === partner || t.to === partner)).toBe(true);
  expect((body.positions as { partner: string }[]).map((p) => p.partner)).toEqual([partner]);
};

/** A KPI of ICT, and ICT's calendar, stored for the section items' routes (targets, measurements, outages). */
const MATRIX_KPI = {
  code: "ICT-KPI-1",
  name: "Calls answered in time",
  service: "ICT",
  unit: "percent",
  polarity: "higher-is-better",
  targets: [{ year: "2024/25", value: "95" }],
};

const keys = new Map<string, string>();
/** One record of each kind in p1 (beside cost line L0), by kind: its id. */
const recordIds = new Map<string, string>();
/** A run of the year 2024/25 with the budget, for its year-end. */
let yearRun = "";
const t = useTestApp({
  options: { rateLimit: false },
  seed: async (app) => {
    for (const [k, v] of await seedEntitlements(app)) keys.set(k, v);
    await seedMatrix(app);
  },
});

/** What the matrix reads beyond {@link seedEntitlements}: a record of every kind, a year's run with the budget. */
async function seedMatrix(app: TestApp): Promise<void> {
  const by = (partner: Partner) => keys.get(`p1/${partner}/finance`) as string;
  // Exchange rates are recorded below: runs then need the rounding of converted amounts. p1 has
  // runs already, so the settings are proposed and wait for every partner's approver.
  const settings = await app.call("PUT", "/v1/partnerships/p1/settings", {
    key: keys.get("p1/A/admin") as string,
    json: { fxRounding: "half-even" },
  });
  expect(settings.status).toBe(202);
  for (const partner of ["A", "B", "C"]) {
    const consent = await app.call("POST", `${settings.headers.get("Location")}/consent`, {
      key: keys.get(`p1/${partner}/approver`) as string,
    });
    expect(consent.status, await consent.clone().text()).toBe(200);
  }
  const records: [string, Partner, unknown][] = [
    ["income", "A", { id: "I0", service: "ICT", date: "2024-05-31", amount: "1.00" }],
    ["budget-lines", "A", ictLine("B0", "120.00", "2024-04-01")],
    ["drivers", "C", { driver: "users", partner: "C", period: "2024/25", quantity: "5" }],
    ["budget-drivers", "C", { driver: "users", partner: "C", period: "2024/25", quantity: "4" }],
    ["fx-rates", "A", { currency: "USD", date: "2024-04-01", rate: "1.25" }],
    ["budget-fx-rates", "A", { currency: "USD", year: "2024/25", rate: "1.2" }],
  ];
  for (const [kind, partner, record] of records) {
    const res = await app.call("POST", `/v1/partnerships/p1/${kind}`, { key: by(partner), json: record });
    expect(res.status, await res.clone().text()).toBe(201);
    const { items } = await app.store.listRecords("p1", kind as RecordKindName, {}, { limit: 10 });
    expect(items).toHaveLength(1);
    recordIds.set(kind, items[0]?.id as string);
  }
  await app.store.putSection("p1", "kpis", [MATRIX_KPI], systemActor());
  await app.store.putSection("p1", "calendars", [{ id: "ict", kind: "24x7", services: ["ICT"] }], systemActor());
  const year = await app.call("POST", "/v1/partnerships/p1/runs", {
    key: by("A"),
    json: { period: "2024/25", issueDate: "2025-04-30", budget: true },
  });
  expect(year.status, await year.clone().text()).toBe(201);
  yearRun = ((await year.json()) as { id: string }).id;
}

/** Actors of p1 acting straight in the store, to make what a request acts on. */
const storeActor = (role: Role, partner: Partner = "A"): Actor => ({
  keyId: `matrix-${role}-${partner}`,
  name: `${role}@matrix-${partner.toLowerCase()}`,
  partner,
  role,
  requestId: "matrix",
});
let fresh = 0;
/** A period nobody else writes in, open, to be closed: `/periods/<name>/close`. */
const openPeriodToClose = async () => {
  const y = 5000 + fresh++;
  await t.store.openPeriod("p1", `${y}/${String((y + 1) % 100).padStart(2, "0")}`, storeActor("admin"));
  return `/periods/${y}-${String((y + 1) % 100).padStart(2, "0")}/close`;
};
/** A run of 2024/25-Q3 in the state asked for, prepared by a finance user of A none of the matrix's keys is. */
const runIn = async (status: "draft" | "approved" | "posted") => {
  const run = await t.store.createRun(
    "p1",
    { period: "2024/25-Q3", issueDate: date([2025, 1, 1], fresh++) },
    storeActor("finance"),
  );
  if (status !== "draft") await t.store.approveRun("p1", run.id, undefined, storeActor("approver", "B"));
  if (status === "posted") await t.store.postRun("p1", run.id, undefined, storeActor("approver", "B"));
  return run.id;
};
let seq = 0;
/** A key of A in p1, for proposals made straight in the store. */
const next = () => seq++;
const date = (base: [number, number, number], n: number) =>
  new Date(Date.UTC(base[0], base[1] - 1, base[2] + n)).toISOString().slice(0, 10);

const RECORD_BODIES: Record<string, { body: () => unknown; refused: readonly Partner[] }> = {
  "cost-lines": { body: () => ictLine(`M${next()}`, "1.00"), refused: ["B", "C"] },
  "budget-lines": { body: () => ictLine(`M${next()}`, "1.00"), refused: ["B", "C"] },
  income: {
    body: () => ({ id: `I${next()}`, service: "ICT", date: "2024-05-31", amount: "1.00" }),
    refused: ["B", "C"],
  },
  drivers: {
    body: () => ({ driver: `d${next()}`, partner: "C", period: "2024/25", quantity: "1" }),
    refused: ["A", "B"],
  },
  "budget-drivers": {
    body: () => ({ driver: `d${next()}`, partner: "C", period: "2024/25", quantity: "1" }),
    refused: ["A", "B"],
  },
  "fx-rates": { body: () => ({ currency: "EUR", date: date([2024, 4, 1], next()), rate: "1.17" }), refused: ["B"] },
  "budget-fx-rates": {
    body: () => {
      const y = 2030 + next();
      return { currency: "EUR", year: `${y}/${String((y + 1) % 100).padStart(2, "0")}`, rate: "1.17" };
    },
    refused: ["B"],
  },
};

function policies(): Map<string, Policy> {
  const p = new Map<string, Policy>();
  const set = (route: string, policy: Policy) => p.set(route, policy);
  const base = "/v1/partnerships/{partnership}";
  set(`GET ${base}`, { permission: "read:shared" });
  set(`PUT ${base}/settings`, { permission: "manage", body: () => ({ fxRounding: "half-even" }) });
  set(`GET ${base}/partners`, { permission: "read:shared" });
  set(`POST ${base}/partners`, { permission: "manage", body: () => ({ id: `X${next()}`, name: "X" }), ok: 201 });
  set(`GET ${base}/partners/{partner}`, { permission: "read:shared" });
  set(`PATCH ${base}/partners/{partner}`, { permission: "manage", body: () => ({ name: "Council A" }) });
  set(`GET ${base}/services`, { permission: "read:shared" });
  set(`POST ${base}/services`, {
    permission: "manage",
    // A service A leads alone: A leads no service that C takes part in, for the driver rule below.
    body: () => ({
      id: `S${next()}`,
      name: "S",
      lead: "A",
      participants: ["A"],
      pools: [{ id: "staff", name: "Staff" }],
    }),
    ok: 201,
  });
  set(`GET ${base}/services/{service}`, { permission: "read:shared" });
  // A valid hand-over of ICT each time: from 9000, a year after its latest one, to the participant
  // not leading then; every other case of the matrix is dated long before, so A still leads ICT for
  // it. The path is read before the body, so it looks up ICT's history for the body.
  let handover: { lead: string; effectiveFrom: string } = { lead: "B", effectiveFrom: "9000-01-01" };
  set(`PATCH ${base}/services/{service}`, {
    permission: "manage",
    path: async () => {
      const ict = (await t.store.listServices("p1")).find((s) => s.id === "ICT");
      const latest = ict?.handovers.at(-1);
      handover =
        latest === undefined
          ? { lead: "B", effectiveFrom: "9000-01-01" }
          : {
              lead: latest.lead === "A" ? "B" : "A",
              effectiveFrom: `${Number(latest.effectiveFrom.slice(0, 4)) + 1}-01-01`,
            };
      return "/services/ICT";
    },
    body: () => handover,
  });
  // A hand-over of ICT still to come, recorded for each request a year after its latest (as for
  // PATCH above) to the participant not leading then: any admin of the partnership cancels it, as
  // it records one. Nothing depends on it: no run or closed period reaches those years.
  set(`DELETE ${base}/services/{service}/handovers/{effectiveFrom}`, {
    permission: "manage",
    path: async () => {
      const ict = (await t.store.listServices("p1")).find((s) => s.id === "ICT");
      const latest = ict?.handovers.at(-1);
      const next =
        latest === undefined
          ? { lead: "B", effectiveFrom: "9000-01-01" }
          : {
              lead: latest.lead === "A" ? "B" : "A",
              effectiveFrom: `${Number(latest.effectiveFrom.slice(0, 4)) + 1}-01-01`,
            };
      await t.store.updateService("p1", "ICT", next, undefined, storeActor("admin"));
      return `/services/ICT/handovers/${next.effectiveFrom}`;
    },
  });
  // A new pool of ICT each time: any admin of the partnership adds pools, as it adds services.
  set(`POST ${base}/services/{service}/pools`, {
    permission: "manage",
    body: () => ({ id: `pool${next()}`, name: "Pool" }),
    ok: 201,
  });
  set(`GET ${base}/keys`, {
    permission: "manage",
    // An admin lists its own partner's keys only.
    shows: (partner, body) => {
      const owners = new Set((body.items as { partner: string }[]).map((k) => k.partner));
      expect([...owners]).toEqual([partner]);
    },
  });
  set(`POST ${base}/keys`, {
    permission: "manage",
    // A key of B: issued by B's admin; other partners' admins may issue only B's first admin key.
    body: () => ({ partner: "B", role: "viewer", name: `k${next()}` }),
    refused: ["A", "C"],
    ok: 201,
  });
  set(`DELETE ${base}/keys/{key}`, {
    permission: "manage",
    path: async () => {
      const issued = await t.store.createKey(
        { partnership: "p1", partner: "B", role: "viewer", name: `d${next()}` },
        systemActor(),
      );
      return `/keys/${issued.key.id}`;
    },
    // B's key: only B's admin reaches it.
    reach: ["B"],
  });
  set(`GET ${base}/audit`, { permission: "read:audit" });
  set(`GET ${base}/audit/verify`, { permission: "read:audit" });
  for (const [kind, { body, refused }] of Object.entries(RECORD_BODIES)) {
    // A service's lines are read by the partners taking part in it (ICT: A and B); a partner's
    // driver quantities and the exchange rates by every partner, whose shares they decide.
    const lines = kind === "cost-lines" || kind === "income" || kind === "budget-lines";
    set(`GET ${base}/${kind}`, {
      permission: "read:records",
      shows: (partner, body) => {
        const services = new Set((body.items as { service?: string }[]).map((r) => r.service ?? "none"));
        // ICT's lines (the only lines stored) to A and B only; every partner's drivers and rates to all.
        expect([...services]).toEqual(lines ? (partner === "C" ? [] : ["ICT"]) : ["none"]);
      },
    });
    set(`GET ${base}/${kind}/{id}`, {
      permission: "read:records",
      path: () => `/${kind}/${encodeURIComponent(kind === "cost-lines" ? "L0" : (recordIds.get(kind) as string))}`,
      ...(lines ? { reach: ["A", "B"] as const } : {}),
    });
    set(`POST ${base}/${kind}`, { permission: "write:records", body, refused, ok: 201 });
    set(`POST ${base}/${kind}/import`, {
      permission: "write:records",
      body: () => ({ items: [body()] }),
      refused,
      ok: 201,
    });
  }
  // Section items: read by every key (as the sections are); written as the section PUT allows, by
  // the finance users of the service's lead only (A leads ICT and the services made here).
  const year = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, "0")}`;
  let made = "";
  const newService = async () => {
    made = `S${next()}`;
    const service = { id: made, name: made, lead: "A", participants: ["A"], pools: [{ id: "staff", name: "Staff" }] };
    await t.store.createService("p1", service, systemActor());
  };
  const ITEM_BODIES: Record<SectionItemKindName, { body: () => unknown; path?: () => Promise<void> }> = {
    budgets: { body: () => ({ service: "ICT", pool: "staff", year: year(2030 + next()), amount: "1.00" }) },
    baselines: {
      path: newService,
      body: () => ({ partner: "A", service: made, baseYear: "2024/25", amount: "1.00" }),
    },
    "one-offs": {
      body: () => ({
        id: `M${next()}`,
        kind: "cost",
        category: "set-up",
        service: "ICT",
        year: "2024/25",
        amount: "1.00",
        split: { kind: "equal" },
      }),
    },
    kpis: { body: () => ({ ...MATRIX_KPI, code: `M${next()}` }) },
    "kpi-targets": { body: () => ({ kpi: MATRIX_KPI.code, effectiveFrom: date([2030, 1, 1], next()), value: "90" }) },
    measurements: {
      body: () => ({ kpi: MATRIX_KPI.code, period: year(2030 + next()), numerator: "9", denominator: "10" }),
    },
    outages: {
      body: () => ({
        id: `M${next()}`,
        start: `${date([2030, 1, 1], seq)}T10:00:00Z`,
        // Closed, so each record is a whole outage.
        end: `${date([2030, 1, 1], seq)}T11:00:00Z`,
        services: ["ICT"],
        systems: ["Email"],
        partners: [{ partner: "A", users: 1 }],
        planned: false,
        priority: "P2",
      }),
    },
    calendars: { path: newService, body: () => ({ id: `M${next()}`, kind: "24x7", services: [made] }) },
  };
  const ITEM_CHANGES: Record<SectionItemKindName, Record<string, unknown>> = {
    budgets: { amount: "2.00" },
    baselines: { amount: "2.00" },
    "one-offs": { amount: "2.00" },
    kpis: { name: "Renamed" },
    "kpi-targets": { value: "91" },
    measurements: { numerator: "8" },
    outages: { systems: ["Files"] },
    calendars: { timeZone: "Europe/London" },
  };
  for (const kind of SECTION_ITEM_KIND_NAMES) {
    const { body, path } = ITEM_BODIES[kind];
    const write = {
      permission: "write:sections",
      refusedByRole: { finance: ["B", "C"], admin: ["A", "B", "C"] },
    } as const;
    const at = (tail: string) => async () => {
      await path?.();
      return `/${kind}${tail}`;
    };
    set(`GET ${base}/${kind}`, { permission: "read:shared" });
    // An item of the kind that exists: the first stored, or one added for the purpose.
    set(`GET ${base}/${kind}/{id}`, {
      permission: "read:shared",
      path: async () => {
        let [first] = (await t.store.listSectionItems("p1", kind, {}, { limit: 1 })).items;
        if (first === undefined) {
          await path?.();
          await t.store.addSectionItems("p1", kind, [body()], storeActor("finance"));
          [first] = (await t.store.listSectionItems("p1", kind, {}, { limit: 1 })).items;
        }
        return `/${kind}/${encodeURIComponent(first?.id as string)}`;
      },
    });
    set(`POST ${base}/${kind}`, { ...write, path: at(""), body, ok: 201 });
    // A fresh item of the kind for each request, replaced (outside its key) or removed.
    let stored: Record<string, unknown> = {};
    const fresh = async () => {
      await path?.();
      stored = body() as Record<string, unknown>;
      await t.store.addSectionItems("p1", kind, [stored], storeActor("finance"));
      return `/${kind}/${encodeURIComponent(sectionItemKind(kind).idOf(stored) as string)}`;
    };
    set(`PUT ${base}/${kind}/{id}`, { ...write, path: fresh, body: () => ({ ...stored, ...ITEM_CHANGES[kind] }) });
    set(`DELETE ${base}/${kind}/{id}`, { ...write, path: fresh });
    set(`POST ${base}/${kind}/import`, { ...write, path: at("/import"), body: () => ({ items: [body()] }), ok: 201 });
  }
  set(`GET ${base}/periods`, { permission: "read:shared" });
  set(`POST ${base}/periods`, {
    permission: "period:open",
    body: () => {
      const y = 2040 + next();
      return { name: `${y}/${String((y + 1) % 100).padStart(2, "0")}` };
    },
    ok: 201,
  });
  set(`GET ${base}/periods/{period}`, { permission: "read:shared", path: () => "/periods/2025-26" });
  set(`POST ${base}/periods/{period}/close`, { permission: "period:close", path: openPeriodToClose });
  set(`GET ${base}/runs`, { permission: "read:shared" });
  set(`POST ${base}/runs`, {
    permission: "run:prepare",
    body: () => ({ period: "2024/25-Q2", issueDate: date([2024, 10, 1], next()) }),
    ok: 201,
  });
  set(`GET ${base}/runs/{run}`, { permission: "read:shared" });
  set(`POST ${base}/runs/{run}/approve`, {
    permission: "run:approve",
    path: async () => `/runs/${await runIn("draft")}/approve`,
  });
  set(`POST ${base}/runs/{run}/post`, {
    permission: "run:post",
    path: async () => `/runs/${await runIn("approved")}/post`,
  });
  set(`POST ${base}/runs/{run}/reverse`, {
    permission: "run:prepare",
    path: async () => `/runs/${await runIn("posted")}/reverse`,
    body: () => ({ period: "2024/25-Q4" }),
    ok: 201,
  });
  // A fresh draft each time: any finance officer of the partnership discards it, as any drafts one.
  set(`POST ${base}/runs/{run}/discard`, {
    permission: "run:prepare",
    path: async () => `/runs/${await runIn("draft")}/discard`,
    body: () => ({ reason: "drafted in error" }),
  });
  set(`GET ${base}/runs/{run}/check`, { permission: "run:diff" });
  set(`GET ${base}/runs/{run}/year-end`, {
    permission: "run:diff",
    path: () => `/runs/${yearRun}/year-end`,
    // Advances of the services the partner takes part in or leads: C, in BC alone, has none of ICT's.
    shows: (partner, body) => {
      const partners = new Set((body.advances as { partner: string }[]).map((a) => a.partner));
      expect([...partners].sort()).toEqual({ A: ["A", "B"], B: ["B"], C: [] }[partner]);
    },
  });
  set(`GET ${base}/runs/{run}/diff`, {
    permission: "run:diff",
    path: () => "/runs/run-1/diff?against=run-1",
    shows: (partner, body) => {
      expect((body.partners as { partner: string }[]).map((p) => p.partner)).toEqual([partner]);
    },
  });
  // Run-1 charges B for ICT, which A leads: B sees its statement whole, A its lead's view, C nothing.
  const views = { A: [["B", "A"]], B: [["B", "whole"]], C: [] };
  set(`GET ${base}/runs/{run}/statements`, {
    permission: "read:statements",
    shows: (partner, body) => {
      const items = body.items as { partner: string; view?: { issuer: string } }[];
      expect(items.map((s) => [s.partner, s.view?.issuer ?? "whole"])).toEqual(views[partner]);
    },
  });
  set(`GET ${base}/runs/{run}/statements/{partner}`, {
    permission: "read:statements",
    path: () => "/runs/run-1/statements/B",
    reach: ["A", "B"],
    shows: (partner, body) => {
      expect((body.view as { issuer: string } | undefined)?.issuer ?? "whole").toBe(views[partner][0]?.[1]);
    },
  });
  // C pays and receives nothing in run-1: it sees no transfers, and only its own (nil) position.
  set(`GET ${base}/runs/{run}/settlement`, { permission: "read:shared", shows: ownMoney });
  set(`GET ${base}/rules`, { permission: "read:shared" });
  set(`POST ${base}/rules`, {
    permission: "rule:propose",
    body: () => ({
      id: `r${next()}`,
      service: "ICT",
      effectiveFrom: date([2026, 4, 1], seq),
      basis: { kind: "equal" },
    }),
    ok: 201,
  });
  set(`GET ${base}/rules/{rule}`, { permission: "read:shared" });
  // A fresh proposal for each request (below), so each approver's consent is its first.
  set(`POST ${base}/rules/{rule}/consent`, { permission: "rule:consent", path: () => proposedRule("consent") });
  // A fresh rule version proposed by A's finance user for each request: any partner's approver may
  // decline it; only A's finance and admin keys may withdraw it.
  const proposedRule = async (then: string) => {
    const n = next();
    const rule = { id: `w${n}`, service: "ICT", effectiveFrom: date([2027, 4, 1], n), basis: { kind: "equal" } };
    await t.store.proposeRule("p1", rule as RuleDocument, storeActor("finance"));
    return `/rules/w${n}/${then}`;
  };
  set(`POST ${base}/rules/{rule}/decline`, {
    permission: "rule:consent",
    path: () => proposedRule("decline"),
    body: () => ({ reason: "not agreed" }),
  });
  set(`POST ${base}/rules/{rule}/withdraw`, {
    permission: "rule:propose",
    path: () => proposedRule("withdraw"),
    refused: ["B", "C"],
  });
  set("POST /v1/calculate", {
    permission: "calculate",
    global: true,
    body: () => ({
      scenario: demoScenarioDocument,
      period: DEMO_PERIOD,
      statements: { numbers: { CCC: "C-1", HDC: "H-1", SCDC: "S-1" }, issueDate: "2025-04-30" },
    }),
  });
  set("POST /v1/validate", {
    permission: "calculate",
    global: true,
    body: () => ({ scenario: { schemaVersion: 1 } }),
  });
  set("GET /v1/schema", { permission: "calculate", global: true });
  set(`GET ${base}/terms`, { permission: "read:shared" });
  set(`GET ${base}/terms/{terms}`, { permission: "read:shared" });
  // A fresh terms version for each request (below), so each approver's consent is its first.
  set(`POST ${base}/terms/{terms}/consent`, { permission: "rule:consent", path: () => proposedTerms("consent") });
  // A fresh terms version proposed by A's admin for each request, as for rule versions above.
  const proposedTerms = async (then: string) => {
    const { terms } = await t.store.putSection("p1", "kpiScheme", { kind: "improvement" }, storeActor("admin"), {
      needsConsent: () => true,
    });
    return `/terms/${terms?.id}/${then}`;
  };
  set(`POST ${base}/terms/{terms}/decline`, {
    permission: "rule:consent",
    path: () => proposedTerms("decline"),
    body: () => ({ reason: "not agreed" }),
  });
  set(`POST ${base}/terms/{terms}/withdraw`, {
    permission: "write:sections",
    path: () => proposedTerms("withdraw"),
    refused: ["B", "C"],
  });
  set(`GET ${base}/sections/{section}`, { permission: "read:shared" });
  set(`PUT ${base}/sections/{section}`, {
    permission: "write:sections",
    // An ICT budget (A leads ICT), a new amount each time: written by A's finance users only; an
    // admin writes the partnership-wide parts of sections, not a service's (see sectionRules.test.ts).
    path: () => "/sections/budgets",
    body: () => [{ service: "ICT", pool: "staff", year: "2024/25", amount: `${1000 + next()}.00` }],
    refusedByRole: { finance: ["B", "C"], admin: ["A", "B", "C"] },
  });
  set(`GET ${base}/reports/savings`, { permission: "read:reports", path: () => "/reports/savings?year=2024/25" });
  set(`GET ${base}/reports/kpis`, { permission: "read:reports", path: () => "/reports/kpis?year=2024/25" });
  set(`GET ${base}/reports/annual/{service}`, {
    permission: "read:reports",
    path: () => "/reports/annual/ICT?year=2024/25",
  });
  set(`GET ${base}/recharge`, {
    permission: "read:statements",
    path: () => "/recharge?period=2024/25-Q1",
    shows: (partner, body) => {
      expect(body).not.toHaveProperty("allocation");
      ownMoney(partner, body);
    },
  });
  return p;
}

const SAMPLES: Record<string, string> = {
  partner: "A",
  service: "ICT",
  run: "run-1",
  rule: "ict-equal",
  section: "savings",
  period: "2025-26",
  terms: "terms-1",
};

/** The routes the app registers, as `METHOD /path/{param}`, from its OpenAPI registry. */
function registeredRoutes(app: TestApp["app"]): string[] {
  return app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === "route" ? [`${d.route.method.toUpperCase()} ${d.route.path}`] : [],
  );
}

const POLICIES = policies();

describe("the route table", () => {
  it("declares an entitlement policy for every route the app registers, and none for a route it does not", () => {
    const routes = registeredRoutes(t.app);
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => !POLICIES.has(r))).toEqual([]);
    expect([...POLICIES.keys()].filter((r) => !routes.includes(r))).toEqual([]);
  });
});

/** What a key gets: the route's success status, or a refusal and its problem code. */
type Answer = { readonly status: number; readonly code?: "FORBIDDEN" | "NOT_FOUND" | "NOT_PERMITTED" };

/**
 * The one answer a key of this role and partner gets: 403 `FORBIDDEN` for a role without the
 * permission, 404 `NOT_FOUND` outside the partner's reach, 403 `NOT_PERMITTED` for a partner that
 * reaches the resource but may not write it, else the route's success status.
 */
function expected(policy: Policy, role: Role, partner: Partner): Answer {
  // The role is checked first: a role that may never do this learns nothing from a 403.
  if (!(PERMISSIONS[policy.permission] as readonly Role[]).includes(role)) return { status: 403, code: "FORBIDDEN" };
  if (policy.reach !== undefined && !policy.reach.includes(partner)) return { status: 404, code: "NOT_FOUND" };
  if (policy.refused?.includes(partner) || policy.refusedByRole?.[role]?.includes(partner))
    return { status: 403, code: "NOT_PERMITTED" };
  return { status: policy.ok ?? 200 };
}

const NOT_FOUND: Answer = { status: 404, code: "NOT_FOUND" };
const named = (a: Answer) => (a.code === undefined ? `${a.status}` : `${a.status} ${a.code}`);

async function pathOf(route: string, policy: Policy): Promise<string> {
  const template = route.slice(route.indexOf(" ") + 1);
  if (policy.global === true) return template;
  const tail =
    policy.path !== undefined
      ? await policy.path()
      : template
          .slice("/v1/partnerships/{partnership}".length)
          .replace(/\{(\w+)\}/g, (_, name: string) => SAMPLES[name] ?? name);
  return `/v1/partnerships/p1${tail}`;
}

/** Asserts the exact status; a refusal must be problem+json with its status, type and code. */
async function expectAnswer(res: Response, want: Answer): Promise<void> {
  const text = await res.clone().text();
  expect(res.status, text).toBe(want.status);
  if (want.code === undefined) return;
  expect(res.headers.get("Content-Type"), text).toBe("application/problem+json");
  const body = JSON.parse(text) as { status: unknown; type: unknown; code: unknown };
  expect({ status: body.status, type: body.type, code: body.code }, text).toEqual({
    status: want.status,
    type: `/problems/${want.code.toLowerCase().replaceAll("_", "-")}`,
    code: want.code,
  });
}

describe("entitlement matrix: every route × every role × own partner, other partner, other partnership", () => {
  for (const [route, policy] of POLICIES) {
    const method = route.slice(0, route.indexOf(" "));
    for (const role of ROLES) {
      for (const partner of ["A", "B", "C"] as const) {
        const want = expected(policy, role, partner);
        it(`${route}: ${role} of ${partner} gets ${named(want)}`, async () => {
          const res = await t.call(method, await pathOf(route, policy), {
            key: keys.get(`p1/${partner}/${role}`) as string,
            ...(policy.body === undefined ? {} : { json: policy.body() }),
          });
          await expectAnswer(res, want);
          if (want.status === 200 && policy.shows !== undefined)
            policy.shows(partner, (await res.json()) as Record<string, unknown>);
        });
      }
      const other = policy.global === true ? expected(policy, role, "A") : NOT_FOUND;
      it(`${route}: ${role} of another partnership gets ${named(other)}`, async () => {
        const res = await t.call(method, await pathOf(route, policy), {
          key: keys.get(`p2/A/${role}`) as string,
          ...(policy.body === undefined ? {} : { json: policy.body() }),
        });
        await expectAnswer(res, other);
      });
    }
  }
});
