import { ROLES, type Role } from "@3c/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ictLine, openTestApp, seedEntitlements, type TestApp } from "../testing/index.js";

// Partnership p1: A leads ICT (A and B take part), C leads BC and takes no part in ICT.
// Partnership p2 has the same shape; its keys must see nothing of p1 (404, never 403).
let t: TestApp;
const keys = new Map<string, string>();
let seq = 0;

beforeAll(async () => {
  t = await openTestApp();
  for (const [k, v] of await seedEntitlements(t)) keys.set(k, v);
});
afterAll(async () => {
  await t.close();
});

type Partner = "A" | "B" | "C";
interface Case {
  readonly resource: string;
  readonly method: string;
  readonly path: string;
  readonly body?: () => unknown;
  /** The roles that hold the permission. */
  readonly roles: readonly Role[];
  /** Which partners can reach the resource at all (others get 404); default all. */
  readonly reach?: readonly Partner[];
  /** Partners that reach it but may not write it (403 even with the role). */
  readonly refused?: readonly Partner[];
  /** Statuses that mean "allowed" (the request itself may then fail for its own reasons). */
  readonly ok: readonly number[];
}

const ALL: readonly Role[] = ROLES;
const CASES: readonly Case[] = [
  { resource: "partnership", method: "GET", path: "", roles: ALL, ok: [200] },
  { resource: "services", method: "GET", path: "/services", roles: ALL, ok: [200] },
  {
    resource: "partner create",
    method: "POST",
    path: "/partners",
    body: () => ({ id: `X${seq++}`, name: "X" }),
    roles: ["admin"],
    ok: [201],
  },
  { resource: "keys", method: "GET", path: "/keys", roles: ["admin"], ok: [200] },
  {
    resource: "cost lines list",
    method: "GET",
    path: "/cost-lines",
    roles: ["finance", "approver", "admin"],
    ok: [200],
  },
  {
    resource: "ICT cost line",
    method: "GET",
    path: "/cost-lines/L0",
    roles: ["finance", "approver", "admin"],
    reach: ["A", "B"],
    ok: [200],
  },
  {
    resource: "ICT cost line write",
    method: "POST",
    path: "/cost-lines",
    body: () => ictLine(`N${seq++}`, "1.00"),
    roles: ["finance"],
    refused: ["B", "C"],
    ok: [201],
  },
  {
    resource: "own driver quantity",
    method: "POST",
    path: "/drivers",
    body: () => ({ driver: `d${seq++}`, partner: "C", period: "2024/25", quantity: "1" }),
    roles: ["finance"],
    refused: ["A", "B"],
    ok: [201],
  },
  { resource: "runs", method: "GET", path: "/runs", roles: ALL, ok: [200] },
  { resource: "settlement", method: "GET", path: "/runs/run-1/settlement", roles: ALL, ok: [200] },
  {
    resource: "B's statement",
    method: "GET",
    path: "/runs/run-1/statements/B",
    roles: ALL,
    reach: ["A", "B"],
    ok: [200],
  },
  {
    resource: "run draft",
    method: "POST",
    path: "/runs",
    // A new issue date each time: an identical draft of a waiting one is refused (409).
    body: () => ({
      period: "2024/25-Q2",
      issueDate: new Date(Date.UTC(2024, 9, 1 + seq++)).toISOString().slice(0, 10),
    }),
    roles: ["finance"],
    ok: [201],
  },
  { resource: "run approve", method: "POST", path: "/runs/run-1/approve", roles: ["approver"], ok: [200, 409, 403] },
  { resource: "period close", method: "POST", path: "/periods/2025-26/close", roles: ["approver"], ok: [200, 409] },
  {
    resource: "run check",
    method: "GET",
    path: "/runs/run-1/check",
    roles: ["finance", "approver", "admin"],
    ok: [200],
  },
  {
    resource: "run diff",
    method: "GET",
    path: "/runs/run-1/diff?against=run-1",
    roles: ["finance", "approver", "admin"],
    ok: [200],
  },
  { resource: "audit verify", method: "GET", path: "/audit/verify", roles: ["approver", "admin"], ok: [200] },
  { resource: "rules", method: "GET", path: "/rules", roles: ALL, ok: [200] },
  { resource: "savings section", method: "GET", path: "/sections/savings", roles: ALL, ok: [200] },
  {
    // A service's part of a section: by its lead's finance users (A leads ICT); not by an admin.
    resource: "section write, a service's part",
    method: "PUT",
    path: "/sections/budgets",
    body: () => [{ service: "ICT", pool: "staff", year: "2024/25", amount: `${1000 + seq++}.00` }],
    roles: ["finance"],
    refused: ["B", "C"],
    ok: [200],
  },
  {
    // A partnership-wide section: by an admin (no finance user's partner leads every service).
    resource: "section write, partnership-wide",
    method: "PUT",
    path: "/sections/kpiScheme",
    body: () => (seq++ % 2 === 0 ? { kind: "tolerance" } : { kind: "improvement" }),
    roles: ["admin"],
    ok: [200],
  },
  { resource: "savings report", method: "GET", path: "/reports/savings?year=2024/25", roles: ALL, ok: [200] },
  { resource: "KPI scorecard", method: "GET", path: "/reports/kpis?year=2024/25", roles: ALL, ok: [200] },
  { resource: "ICT annual report", method: "GET", path: "/reports/annual/ICT?year=2024/25", roles: ALL, ok: [200] },
  { resource: "recharge preview", method: "GET", path: "/recharge?period=2024/25-Q1", roles: ALL, ok: [200] },
];

function expected(c: Case, role: Role, partner: Partner): "ok" | 403 | 404 {
  // The role is checked first: a role that may never do this learns nothing from a 403.
  if (!c.roles.includes(role)) return 403;
  if (c.reach !== undefined && !c.reach.includes(partner)) return 404;
  if (c.refused?.includes(partner)) return 403;
  return "ok";
}

describe("entitlements: each resource × each role × own and other partner", () => {
  for (const c of CASES) {
    for (const role of ROLES) {
      for (const partner of ["A", "B", "C"] as const) {
        const want = expected(c, role, partner);
        it(`${c.resource}: ${role} of ${partner} gets ${want === "ok" ? c.ok.join("/") : want}`, async () => {
          const res = await t.call(c.method, `/v1/partnerships/p1${c.path}`, {
            key: keys.get(`p1/${partner}/${role}`) as string,
            ...(c.body === undefined ? {} : { json: c.body() }),
          });
          if (want === "ok") expect(c.ok).toContain(res.status);
          else expect(res.status).toBe(want);
        });
      }
      it(`${c.resource}: ${role} of another partnership gets 404`, async () => {
        const res = await t.call(c.method, `/v1/partnerships/p1${c.path}`, {
          key: keys.get(`p2/A/${role}`) as string,
          ...(c.body === undefined ? {} : { json: c.body() }),
        });
        expect(res.status).toBe(404);
      });
    }
  }
});
