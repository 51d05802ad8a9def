import { annualReport, kpiScorecard, loadScenario, scenarioSavings } from "@3c/domain";
import { DEMO_PERIOD, demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { type Actor, systemActor } from "./Actor.js";
import { actorFor, storeErrorOf, useTestStore } from "./testing/index.js";

const system = systemActor();
const store = useTestStore({ seed: (s) => s.seedDemo(system) });
const financeHdc = actorFor("HDC", "finance");

describe("scenario sections", () => {
  it("are seeded with the demo and read back exactly as the demo document has them", async () => {
    const sections = await store.getSections("3c");
    expect(sections.savings).toEqual(demoScenarioDocument.savings);
    expect(sections.kpis).toEqual(demoScenarioDocument.kpis);
    expect(sections.measurements).toEqual(demoScenarioDocument.measurements);
    expect(sections.outages).toEqual(demoScenarioDocument.outages);
    expect(sections.availability).toEqual(demoScenarioDocument.availability);
    expect(sections.budgets).toEqual(demoScenarioDocument.budgets);
  });

  it("are refused whole with NOT_PERMITTED when the caller's check refuses a part, given the stored sections", async () => {
    const audit = await store.verifyAudit("3c");
    let seen: unknown;
    const error = await storeErrorOf(
      store.putSection("3c", "kpiScheme", { kind: "improvement" }, financeHdc, {
        authorize: (before) => {
          seen = before.kpiScheme;
          return [{ field: "kpiScheme", message: "not yours" }];
        },
      }),
    );
    expect([error.code, error.issues]).toEqual(["NOT_PERMITTED", [{ field: "kpiScheme", message: "not yours" }]]);
    expect(seen).toEqual(demoScenarioDocument.kpiScheme);
    expect((await store.getSections("3c")).kpiScheme).toEqual(demoScenarioDocument.kpiScheme);
    expect(await store.verifyAudit("3c")).toEqual(audit);
  });

  it("give the same savings, KPI scorecard and annual report as the bare domain on the demo", async () => {
    // No terms were ever agreed here, so the overlay is never called: each section is as stored.
    const stored = loadScenario(await store.reportScenarioDocument("3c", DEMO_PERIOD, (_s, inForce) => inForce));
    // The store gives services back in id order, each with its pools in the document's order.
    const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
    const bare = loadScenario({ ...demoScenarioDocument, services: byId(demoScenarioDocument.services) });
    expect(stored.services.map((s) => s.pools.map((p) => p.id))).toEqual(
      bare.services.map((s) => s.pools.map((p) => p.id)),
    );
    expect(scenarioSavings(stored, DEMO_PERIOD)).toEqual(scenarioSavings(bare, DEMO_PERIOD));
    expect(kpiScorecard(stored, DEMO_PERIOD)).toEqual(kpiScorecard(bare, DEMO_PERIOD));
    expect(annualReport(stored, "ICT", DEMO_PERIOD)).toEqual(annualReport(bare, "ICT", DEMO_PERIOD));
  });

  it("refuse a KPI of an unknown service with its path, storing nothing and auditing nothing", async () => {
    const before = await store.verifyAudit("3c");
    const kpis = [{ ...(demoScenarioDocument.kpis?.[0] as object), service: "NOPE" }];
    const error = await storeErrorOf(store.putSection("3c", "kpis", kpis, financeHdc));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues.map((i) => i.field)).toContain("kpis[0].service");
    expect((await store.getSections("3c")).kpis).toEqual(demoScenarioDocument.kpis);
    expect(await store.verifyAudit("3c")).toEqual(before);
  });

  it("refuse a section of the wrong shape by the domain's schema", async () => {
    const error = await storeErrorOf(store.putSection("3c", "outageCost", { nonsense: true }, financeHdc));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues.every((i) => i.field.startsWith("outageCost"))).toBe(true);
    expect(error.issues.length).toBeGreaterThan(0);
  });

  it("refuse removing KPIs that stored measurements still refer to", async () => {
    const error = await storeErrorOf(store.putSection("3c", "kpis", [], financeHdc));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues.some((i) => i.field.startsWith("measurements"))).toBe(true);
  });

  it("store and audit nothing when a section is sent as stored (in any key order), still checked first", async () => {
    const stored = (await store.getSections("3c")).kpis as readonly Record<string, unknown>[];
    const reordered = stored.map((kpi) => Object.fromEntries(Object.entries(kpi).reverse()));
    const audit = await store.verifyAudit("3c");
    const written = await store.putSection("3c", "kpis", reordered, financeHdc);
    const changed = await store.putSection("3c", "kpiScheme", { kind: "tolerance" }, financeHdc);
    expect(written).toEqual({ section: "kpis", hash: (await store.putSection("3c", "kpis", stored, financeHdc)).hash });
    expect((await store.verifyAudit("3c")).records).toBe(audit.records + 1);
    expect((await store.listAudit("3c", 0, 10_000)).at(-1)).toMatchObject({ target: "sections/kpiScheme" });
    expect(changed.hash).not.toBe(written.hash);
    // Unchanged is not unchecked: the caller's rules still judge it.
    const refused = await storeErrorOf(
      store.putSection("3c", "kpis", stored, financeHdc, {
        authorize: () => [{ field: "kpis", message: "not yours" }],
      }),
    );
    expect(refused.code).toBe("NOT_PERMITTED");
  });

  it("replace a section whole and record who did it in the audit chain", async () => {
    const scheme = { kind: "tolerance" } as const;
    const { hash } = await store.putSection("3c", "kpiScheme", scheme, financeHdc);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await store.getSections("3c")).kpiScheme).toEqual(scheme);
    const audit = await store.listAudit("3c", 0, 10_000);
    expect(audit.at(-1)).toMatchObject({ action: "section.put", target: "sections/kpiScheme", actor: "finance@hdc" });
    expect((await store.verifyAudit("3c")).valid).toBe(true);
  });
});

describe("terms versions", () => {
  const adminScdc = actorFor("SCDC", "admin");
  const approvers = ["CCC", "HDC", "SCDC"].map((p) => actorFor(p, "approver"));
  // The caller decides how agreed terms enter the section; here: the proposal whole.
  const whole = { apply: (_: unknown, proposed: unknown) => proposed };

  it("keep a write that needs every partner's consent as a proposal, checked but not applied", async () => {
    const audit = await store.verifyAudit("3c");
    const written = await store.putSection("3c", "kpiScheme", { kind: "improvement" }, adminScdc, {
      needsConsent: (before) => before.savings !== undefined,
    });
    expect(written.terms).toMatchObject({
      id: "terms-1",
      section: "kpiScheme",
      body: { kind: "improvement" },
      status: "proposed",
      proposedBy: "admin@scdc",
      awaiting: ["CCC", "HDC", "SCDC"],
    });
    expect((await store.getSections("3c")).kpiScheme).toEqual(demoScenarioDocument.kpiScheme);
    expect((await store.verifyAudit("3c")).records).toBe(audit.records + 1);
    const invalid = await storeErrorOf(
      store.putSection("3c", "kpiScheme", { kind: "sideways" }, adminScdc, { needsConsent: () => true }),
    );
    expect(invalid.code).toBe("INVALID_INPUT");
    expect(await store.listTerms("3c")).toHaveLength(1);
  });

  it("take effect at the last partner's consent, through the caller's apply, over the section as stored then", async () => {
    await store.putSection("3c", "kpiScheme", { kind: "improvement" }, adminScdc, { needsConsent: () => true });
    const [first, second, third] = approvers as [Actor, Actor, Actor];
    expect((await store.consentTerms("3c", "terms-1", first, whole)).awaiting).toEqual(["HDC", "SCDC"]);
    expect((await storeErrorOf(store.consentTerms("3c", "terms-1", first, whole))).code).toBe("INVALID_STATE");
    await store.consentTerms("3c", "terms-1", second, whole);
    let given: unknown[] = [];
    const active = await store.consentTerms("3c", "terms-1", third, {
      apply: (section, proposed, stored) => {
        given = [section, proposed, stored];
        return proposed;
      },
    });
    expect(given).toEqual(["kpiScheme", { kind: "improvement" }, demoScenarioDocument.kpiScheme]);
    expect([active.status, active.awaiting, active.consents.map((c) => c.actor)]).toEqual([
      "active",
      [],
      ["approver@ccc", "approver@hdc", "approver@scdc"],
    ]);
    expect((await store.getSections("3c")).kpiScheme).toEqual({ kind: "improvement" });
    expect((await storeErrorOf(store.consentTerms("3c", "terms-1", third, whole))).code).toBe("INVALID_STATE");
    expect((await storeErrorOf(store.consentTerms("3c", "terms-9", third, whole))).code).toBe("NOT_FOUND");
    expect((await store.verifyAudit("3c")).valid).toBe(true);
  });

  it("record no consent when the terms would make the section invalid at the last consent", async () => {
    await store.putSection("3c", "kpiScheme", { kind: "improvement" }, adminScdc, { needsConsent: () => true });
    const [first, second, third] = approvers as [Actor, Actor, Actor];
    await store.consentTerms("3c", "terms-1", first, whole);
    await store.consentTerms("3c", "terms-1", second, whole);
    const error = await storeErrorOf(
      store.consentTerms("3c", "terms-1", third, { apply: () => ({ kind: "sideways" }) }),
    );
    expect(error.code).toBe("INVALID_INPUT");
    const [terms] = await store.listTerms("3c", "terms-1");
    expect([terms?.status, terms?.awaiting]).toEqual(["proposed", ["SCDC"]]);
    expect((await store.getSections("3c")).kpiScheme).toEqual(demoScenarioDocument.kpiScheme);
  });

  it("refuse every consent to a version whose base's terms differ from the stored section's, as termsOf reads them", async () => {
    await store.putSection("3c", "kpiScheme", { kind: "tolerance" }, system);
    await store.putSection("3c", "kpiScheme", { kind: "improvement" }, adminScdc, { needsConsent: () => true });
    expect((await store.listTerms("3c", "terms-1"))[0]?.base).toEqual({ kind: "tolerance" });
    // Another write changes the scheme meanwhile.
    await store.putSection("3c", "kpiScheme", { kind: "improvement" }, system);
    const termsOf = (_: unknown, body: unknown) => body;
    const [first] = approvers as [Actor];
    const error = await storeErrorOf(store.consentTerms("3c", "terms-1", first, { ...whole, termsOf }));
    expect([error.code, error.message]).toEqual([
      "INVALID_STATE",
      expect.stringContaining("have changed since terms version terms-1 was proposed"),
    ]);
    expect((await store.listTerms("3c", "terms-1"))[0]?.consents).toEqual([]);
    // Read with terms that ignore the change, it is not stale.
    expect(
      (await store.consentTerms("3c", "terms-1", first, { ...whole, termsOf: () => "same" })).consents,
    ).toHaveLength(1);
  });
});
