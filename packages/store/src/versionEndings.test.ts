import { describe, expect, it } from "vitest";
import { systemActor } from "./Actor.js";
import { contentHash } from "./audit/index.js";
import { isStoreError } from "./StoreError.js";
import { actorFor, SMALL, seedSmall, storeErrorOf, tickingClock, useTestStore } from "./testing/index.js";

// Partnership p1: partners A and B, ICT led by A. Rule and terms versions proposed by A's finance
// or admin keys; the clock ticks a second per read.
const store = useTestStore({ now: tickingClock(), seed: (s) => seedSmall(s, { rule: false }) });
const system = systemActor();
const financeA = actorFor("A", "finance");
const adminA = actorFor("A", "admin");
const financeB = actorFor("B", "finance");
const approverA = actorFor("A", "approver");
const approverB = actorFor("B", "approver");

const rule = (id: string, effectiveFrom = "2024-10-01") =>
  ({ id, service: "ICT", effectiveFrom, basis: { kind: "equal" } }) as const;
const whole = { apply: (_: unknown, proposed: unknown) => proposed };
const proposeTerms = async (by = adminA) =>
  (await store.putSection(SMALL.id, "kpiScheme", { kind: "improvement" }, by, { needsConsent: () => true })).terms;

describe("a declined rule version", () => {
  it("records who declined it, for which partner, when and why, and waits for nobody", async () => {
    const proposed = await store.proposeRule(SMALL.id, rule("ict-v2"), financeA);
    expect([proposed.status, proposed.proposedByPartner, proposed.declined, proposed.withdrawn]).toEqual([
      "proposed",
      "A",
      null,
      null,
    ]);
    const declined = await store.declineRule(SMALL.id, "ict-v2", "equal shares ignore usage", approverB);
    expect(declined).toMatchObject({
      status: "declined",
      awaiting: [],
      activatedAt: null,
      withdrawn: null,
      version: proposed.version + 1,
      declined: {
        partner: "B",
        keyId: "key-approver@b",
        actor: "approver@b",
        at: expect.any(String),
        reason: "equal shares ignore usage",
      },
    });
    expect(await store.listRules(SMALL.id, "ict-v2")).toEqual([declined]);
    const [last] = (await store.listAudit(SMALL.id, 0, 100)).slice(-1);
    expect(last).toMatchObject({ action: "rule.decline", target: "rules/ict-v2", partner: "B", role: "approver" });
    // The record's hash is of the version's identity and state, not of the decline alone.
    expect(last?.afterHash).toBe(
      contentHash({
        id: "ict-v2",
        status: "declined",
        declined: declined.declined as NonNullable<typeof declined.declined>,
      }),
    );
    expect((await store.verifyAudit(SMALL.id)).valid).toBe(true);
  });

  it("can no longer be consented to, declined again or withdrawn", async () => {
    await store.proposeRule(SMALL.id, rule("ict-v2"), financeA);
    await store.declineRule(SMALL.id, "ict-v2", "no", approverB);
    const audit = await store.verifyAudit(SMALL.id);
    // One at a time: each is started only when awaited, so no refusal goes unhandled meanwhile.
    for (const attempt of [
      () => store.consentRule(SMALL.id, "ict-v2", approverA),
      () => store.declineRule(SMALL.id, "ict-v2", "no again", approverA),
      () => store.withdrawRule(SMALL.id, "ict-v2", financeA),
    ]) {
      const error = await storeErrorOf(attempt());
      expect([error.code, error.message]).toEqual([
        "INVALID_STATE",
        "rule version ict-v2 is already declined: it can no longer take effect",
      ]);
    }
    expect(await store.verifyAudit(SMALL.id)).toEqual(audit);
  });

  it("leaves its date free: the rule may be proposed again, under a new id", async () => {
    await store.proposeRule(SMALL.id, rule("ict-v2"), financeA);
    const second = await storeErrorOf(store.proposeRule(SMALL.id, rule("ict-v2b"), financeA));
    expect(second.code).toBe("INVALID_INPUT");
    await store.declineRule(SMALL.id, "ict-v2", "no", approverB);
    expect((await store.proposeRule(SMALL.id, rule("ict-v2b"), financeA)).status).toBe("proposed");
    expect((await storeErrorOf(store.proposeRule(SMALL.id, rule("ict-v2", "2025-04-01"), financeA))).code).toBe(
      "ALREADY_EXISTS",
    );
  });

  it("is refused for a blank reason, by a partner that consented, once active, and for no version, writing nothing", async () => {
    await store.proposeRule(SMALL.id, rule("ict-v2"), financeA);
    await store.consentRule(SMALL.id, "ict-v2", approverA);
    const audit = await store.verifyAudit(SMALL.id);
    const blank = await storeErrorOf(store.declineRule(SMALL.id, "ict-v2", " \n", approverB));
    expect([blank.code, blank.issues]).toEqual([
      "INVALID_INPUT",
      [{ field: "reason", message: "expected a non-empty reason" }],
    ]);
    const consented = await storeErrorOf(store.declineRule(SMALL.id, "ict-v2", "changed my mind", approverA));
    expect([consented.code, consented.message]).toEqual([
      "INVALID_STATE",
      "A has already consented to rule version ict-v2; its consent stands (the proposer's partner may withdraw the version)",
    ]);
    expect((await storeErrorOf(store.declineRule(SMALL.id, "nope", "no", approverB))).code).toBe("NOT_FOUND");
    expect((await storeErrorOf(store.declineRule(SMALL.id, "ict-v2", "no", system))).code).toBe("NOT_PERMITTED");
    expect(await store.verifyAudit(SMALL.id)).toEqual(audit);
    expect((await store.consentRule(SMALL.id, "ict-v2", approverB)).status).toBe("active");
    const active = await storeErrorOf(store.declineRule(SMALL.id, "ict-v2", "too late", approverB));
    expect([active.code, active.message]).toEqual(["INVALID_STATE", "rule version ict-v2 is already active"]);
  });
});

describe("a withdrawn rule version", () => {
  it("is taken back by any key of the proposer's partner, recording who and when", async () => {
    await store.proposeRule(SMALL.id, rule("ict-v2"), financeA);
    await store.consentRule(SMALL.id, "ict-v2", approverB);
    const withdrawn = await store.withdrawRule(SMALL.id, "ict-v2", adminA);
    expect(withdrawn).toMatchObject({
      status: "withdrawn",
      awaiting: [],
      declined: null,
      withdrawn: { partner: "A", keyId: "key-admin@a", actor: "admin@a", at: expect.any(String) },
    });
    expect(withdrawn.consents.map((c) => c.partner)).toEqual(["B"]);
    const [last] = (await store.listAudit(SMALL.id, 0, 100)).slice(-1);
    expect(last).toMatchObject({ action: "rule.withdraw", target: "rules/ict-v2", partner: "A" });
    const again = await storeErrorOf(store.consentRule(SMALL.id, "ict-v2", approverA));
    expect([again.code, again.message]).toEqual([
      "INVALID_STATE",
      "rule version ict-v2 is already withdrawn: it can no longer take effect",
    ]);
  });

  it("is refused to another partner's keys and once active", async () => {
    await store.proposeRule(SMALL.id, rule("ict-v2"), financeA);
    const other = await storeErrorOf(store.withdrawRule(SMALL.id, "ict-v2", financeB));
    expect([other.code, other.message]).toEqual([
      "NOT_PERMITTED",
      "rule version ict-v2 was proposed for A: only its keys may withdraw it",
    ]);
    await store.consentRule(SMALL.id, "ict-v2", approverA);
    await store.consentRule(SMALL.id, "ict-v2", approverB);
    expect((await storeErrorOf(store.withdrawRule(SMALL.id, "ict-v2", financeA))).code).toBe("INVALID_STATE");
    expect((await store.listRules(SMALL.id, "ict-v2"))[0]?.status).toBe("active");
  });

  it("proposed by the system may be withdrawn by any partner's key", async () => {
    await store.proposeRule(SMALL.id, rule("ict-v2"), system);
    expect((await store.withdrawRule(SMALL.id, "ict-v2", adminA)).withdrawn?.partner).toBe("A");
  });
});

describe("a consent and a decline or withdrawal of one version at once", () => {
  it("are never both recorded: the version ends active, declined or withdrawn, never two of these", async () => {
    for (let i = 0; i < 10; i++) {
      const id = `r${i}`;
      await store.proposeRule(SMALL.id, rule(id, `2025-0${1 + (i % 9)}-${10 + i}`), financeA);
      await store.consentRule(SMALL.id, id, approverA);
      const ending =
        i % 2 === 0 ? store.declineRule(SMALL.id, id, "no", approverB) : store.withdrawRule(SMALL.id, id, financeA);
      const outcomes = await Promise.allSettled([store.consentRule(SMALL.id, id, approverB), ending]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const failed = outcomes.find((o) => o.status === "rejected");
      expect(isStoreError(failed?.reason, "INVALID_STATE")).toBe(true);
      const [after] = await store.listRules(SMALL.id, id);
      const won = outcomes[0].status === "fulfilled" ? "active" : i % 2 === 0 ? "declined" : "withdrawn";
      expect(after?.status).toBe(won);
      expect(after?.consents.map((c) => c.partner)).toEqual(won === "active" ? ["A", "B"] : ["A"]);
    }
    expect((await store.verifyAudit(SMALL.id)).valid).toBe(true);
  });
});

describe("a terms version", () => {
  it("declined, leaves the section as it was and takes no more consents", async () => {
    const terms = await proposeTerms();
    expect(terms?.proposedByPartner).toBe("A");
    const declined = await store.declineTerms(SMALL.id, "terms-1", "not agreed at the board", approverA);
    expect(declined).toMatchObject({
      id: "terms-1",
      status: "declined",
      awaiting: [],
      declined: { partner: "A", actor: "approver@a", reason: "not agreed at the board" },
      withdrawn: null,
    });
    const error = await storeErrorOf(store.consentTerms(SMALL.id, "terms-1", approverB, whole));
    expect([error.code, error.message]).toEqual([
      "INVALID_STATE",
      "terms version terms-1 is already declined: it can no longer take effect",
    ]);
    expect((await store.getSections(SMALL.id)).kpiScheme).toBeUndefined();
    const [last] = (await store.listAudit(SMALL.id, 0, 100)).slice(-1);
    expect(last).toMatchObject({ action: "terms.decline", target: "terms/terms-1" });
  });

  it("withdrawn by the proposer's partner, leaves the section as it was; another partner may not", async () => {
    await proposeTerms();
    await store.consentTerms(SMALL.id, "terms-1", approverA, whole);
    expect((await storeErrorOf(store.withdrawTerms(SMALL.id, "terms-1", financeB))).code).toBe("NOT_PERMITTED");
    const withdrawn = await store.withdrawTerms(SMALL.id, "terms-1", financeA);
    expect(withdrawn).toMatchObject({
      status: "withdrawn",
      awaiting: [],
      declined: null,
      withdrawn: { partner: "A", keyId: "key-finance@a", actor: "finance@a" },
    });
    expect((await storeErrorOf(store.consentTerms(SMALL.id, "terms-1", approverB, whole))).code).toBe("INVALID_STATE");
    expect((await storeErrorOf(store.withdrawTerms(SMALL.id, "terms-1", financeA))).code).toBe("INVALID_STATE");
    expect((await storeErrorOf(store.withdrawTerms(SMALL.id, "terms-9", financeA))).code).toBe("NOT_FOUND");
    expect((await store.getSections(SMALL.id)).kpiScheme).toBeUndefined();
    const [last] = (await store.listAudit(SMALL.id, 0, 100)).slice(-1);
    expect(last).toMatchObject({ action: "terms.withdraw", target: "terms/terms-1" });
  });

  it("taken effect, may be neither declined nor withdrawn", async () => {
    await proposeTerms();
    await store.consentTerms(SMALL.id, "terms-1", approverA, whole);
    await store.consentTerms(SMALL.id, "terms-1", approverB, whole);
    expect((await store.getSections(SMALL.id)).kpiScheme).toEqual({ kind: "improvement" });
    const declined = await storeErrorOf(store.declineTerms(SMALL.id, "terms-1", "no", approverB));
    expect([declined.code, declined.message]).toEqual(["INVALID_STATE", "terms version terms-1 is already active"]);
    expect((await storeErrorOf(store.withdrawTerms(SMALL.id, "terms-1", adminA))).code).toBe("INVALID_STATE");
  });

  it("is settled once when its last consent and a decline come at once", async () => {
    for (let i = 1; i <= 6; i++) {
      const id = `terms-${i}`;
      await proposeTerms();
      await store.consentTerms(SMALL.id, id, approverA, whole);
      const outcomes = await Promise.allSettled([
        store.consentTerms(SMALL.id, id, approverB, whole),
        i % 2 === 0 ? store.declineTerms(SMALL.id, id, "no", approverB) : store.withdrawTerms(SMALL.id, id, adminA),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const [after] = await store.listTerms(SMALL.id, id);
      expect(after?.status).toBe(
        outcomes[0].status === "fulfilled" ? "active" : i % 2 === 0 ? "declined" : "withdrawn",
      );
    }
  });
});
