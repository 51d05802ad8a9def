import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "../run/index.js";
import { loadScenario } from "../schema/index.js";
import { runOf, twoLeadsDocument } from "../testing/runs.js";
import { scenarioArb } from "../testing/scenarios.js";
import { diffRuns } from "./diffRuns.js";
import { diffView } from "./diffView.js";

/** Twice the Legal costs in the later run: every partner's Legal charge rises by £1,000. */
function pair(laterIctLead = "HDC") {
  const before = runOf(twoLeadsDocument()).allocation;
  const later = twoLeadsDocument(laterIctLead);
  const after = runOf({
    ...later,
    costLines: [
      ...(later.costLines ?? []),
      { id: "L2", service: "LEGAL", pool: "staff", date: "2024-09-30", amount: "3000.00" },
      { id: "I2", service: "ICT", pool: "licences", date: "2024-09-30", amount: "100.00" },
    ],
  }).allocation;
  return { before, after, diff: diffRuns(before, after) };
}
const rows = (rs: readonly { service: string; partner: string; change: { minor: number } }[]) =>
  rs.map((r) => [r.service, r.partner, r.change.minor]);

describe("diffView", () => {
  it("shows a partner its own whole change and every partner's change in the services it leads", () => {
    const { before, after, diff } = pair();
    const hdc = diffView(diff, "HDC", before, after);
    // ICT's extra £100 of licences by users 50/30/20; Legal's extra £3,000 in thirds.
    expect(hdc.partners.map((p) => [p.partner, p.change.minor])).toEqual([["HDC", 103_000]]);
    expect(rows(hdc.services)).toEqual([
      ["ICT", "CCC", 5_000],
      ["ICT", "HDC", 3_000],
      ["ICT", "SCDC", 2_000],
      ["LEGAL", "HDC", 100_000],
    ]);
    expect([hdc.partner, hdc.changed, hdc.before, hdc.after]).toEqual(["HDC", true, diff.before, diff.after]);
    const scdc = diffView(diff, "SCDC", before, after);
    expect(rows(scdc.services)).toEqual([
      ["ICT", "SCDC", 2_000],
      ["LEGAL", "SCDC", 100_000],
    ]);
    expect(scdc.pools.every((p) => p.partner === "SCDC")).toBe(true);
  });

  it("shows no lead another lead's year: a service that changed hands between the runs is its partners' own", () => {
    const { before, after, diff } = pair("SCDC");
    expect(rows(diffView(diff, "HDC", before, after).services)).toEqual([
      ["ICT", "HDC", 3_000],
      ["LEGAL", "HDC", 100_000],
    ]);
    expect(rows(diffView(diff, "SCDC", before, after).services)).toEqual([
      ["ICT", "SCDC", 2_000],
      ["LEGAL", "SCDC", 100_000],
    ]);
  });

  it("says nothing changed when nothing it sees did", () => {
    const { before, after, diff } = pair();
    const same = diffView(diffRuns(before, before), "HDC", before, before);
    expect([same.changed, same.services, same.pools]).toEqual([false, [], []]);
    expect(diffView(diff, "CCC", before, after).changed).toBe(true);
  });

  it("never shows a partner a row of another partner in a service it did not lead in both runs", () => {
    const leadsArb = fc.array(fc.constantFrom("AA", "BB", "CC", "DD"), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(scenarioArb(), scenarioArb(), leadsArb, (a, b, newLeads) => {
        const relead = b.services.map((s, i) => ({ ...s, lead: newLeads[i] ?? s.lead }));
        const partners = new Set(b.partners.map((p) => p.id));
        const docB = { ...b, services: relead.map((s, i) => (partners.has(s.lead) ? s : (b.services[i] ?? s))) };
        const before = allocate(loadScenario(a), "2024/25");
        const after = allocate(loadScenario(docB), "2024/25");
        const diff = diffRuns(before, after);
        const ledThen = (s: string) => before.byService.find((x) => x.service === s)?.lead;
        const ledNow = (s: string) => after.byService.find((x) => x.service === s)?.lead;
        for (const p of new Set([...before.partners, ...after.partners])) {
          const view = diffView(diff, p, before, after);
          expect(view.partners.map((r) => r.partner)).toEqual(diff.partners.some((r) => r.partner === p) ? [p] : []);
          for (const r of [...view.services, ...view.pools]) {
            const then = ledThen(r.service);
            const now = ledNow(r.service);
            expect(r.partner === p || ((then ?? p) === p && (now ?? p) === p)).toBe(true);
          }
          // Every row of its own, and of a service it led throughout, is there.
          const expected = diff.services.filter(
            (r) => r.partner === p || ((ledThen(r.service) ?? p) === p && (ledNow(r.service) ?? p) === p),
          );
          expect(view.services).toEqual(expected);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
