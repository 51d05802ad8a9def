import { ROLES, type Role } from "@3c/store";
import { describe, expect, it } from "vitest";
import { seedEntitlements, useTestApp } from "../testing/index.js";

// What the generated route matrix (routeMatrix.test.ts) does not cover. The matrix tries every
// route once, with one sample request: for `PUT …/sections/{section}` that is a service's part (an
// ICT budget line, written by ICT's lead). A section's partnership-wide terms follow another rule
// (sectionRules.ts): they are tried here by every role of every partner and of another partnership.
// Every other route × role × partner case that this file once listed is in the matrix.
//
// Partnership p1: A leads ICT (A and B take part), C leads BC and takes no part in ICT; p2 has the
// same shape, and its keys see nothing of p1 (404, never 403).
const keys = new Map<string, string>();
const t = useTestApp({
  seed: async (app) => {
    for (const [k, v] of await seedEntitlements(app)) keys.set(k, v);
  },
});
let seq = 0;

type Partner = "A" | "B" | "C";
/**
 * No partner leads every service, so a finance user may not change terms: admins of every partner
 * may propose them (202: they wait for every partner's consent, terms.test.ts).
 */
function expected(role: Role): 202 | 403 {
  return role === "admin" ? 202 : 403;
}

describe("a section's partnership-wide terms: each role × each partner and another partnership", () => {
  // The RAG scheme, alternating so each write changes it.
  const body = () => (seq++ % 2 === 0 ? { kind: "tolerance" } : { kind: "improvement" });
  for (const role of ROLES) {
    for (const partner of ["A", "B", "C"] as const satisfies readonly Partner[]) {
      it(`PUT …/sections/kpiScheme: ${role} of ${partner} gets ${expected(role)}`, async () => {
        const res = await t.call("PUT", "/v1/partnerships/p1/sections/kpiScheme", {
          key: keys.get(`p1/${partner}/${role}`) as string,
          json: body(),
        });
        expect(res.status, await res.clone().text()).toBe(expected(role));
      });
    }
    it(`PUT …/sections/kpiScheme: ${role} of another partnership gets 404`, async () => {
      const res = await t.call("PUT", "/v1/partnerships/p1/sections/kpiScheme", {
        key: keys.get(`p2/A/${role}`) as string,
        json: body(),
      });
      expect(res.status).toBe(404);
    });
  }
});
