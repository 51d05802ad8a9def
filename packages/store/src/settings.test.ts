import { describe, expect, it } from "vitest";
import type { PartnershipSettings } from "./structure.js";
import { actorFor, SMALL, storeErrorOf, tickingClock, useTestStore } from "./testing/index.js";

const store = useTestStore({ now: tickingClock() });
const p = SMALL.id;
const admin = actorFor("A", "admin");
const financeA = actorFor("A", "finance");
const approverA = actorFor("A", "approver");
const approverB = actorFor("B", "approver");
const activation = { apply: (_s: unknown, proposed: unknown) => proposed };
const DOWN: PartnershipSettings = { fxRounding: "down" };
const UP: PartnershipSettings = { fxRounding: "up" };

/** Has both partners' approvers consent to a terms version. */
async function consentAll(id: string) {
  await store.consentTerms(p, id, approverA, activation);
  return store.consentTerms(p, id, approverB, activation);
}

/** Records a USD cost line of ICT of 10.00 at 3 dollars to the pound: £3.33... before rounding. */
async function dollarLine(id: string, date: string) {
  await store.importRecords(
    p,
    "cost-lines",
    [{ id, service: "ICT", pool: "staff", date, amount: "10.00", currency: "USD" }],
    financeA,
  );
  await store.importRecords(p, "fx-rates", [{ currency: "USD", date, rate: "3" }], financeA);
}

/** What a run of the period charged ICT's pool in pence. */
async function charged(period: string) {
  const run = await store.createRun(p, { period, issueDate: "2026-01-15" }, financeA);
  const result = await store.getRunResult(p, run.id);
  return { run, pence: result?.allocation.byService[0]?.pools[0]?.total.minor };
}

const close = async (name: string) => {
  await store.openPeriod(p, name, admin);
  await store.closePeriod(p, name, undefined, approverB);
};

describe("the partnership's settings", () => {
  it("are written by the admin directly while nothing has been run or recorded, and proposed after that", async () => {
    const direct = await store.updateSettings(p, DOWN, 1, admin);
    expect([direct.partnership.settings, direct.partnership.version, direct.terms]).toEqual([DOWN, 2, undefined]);
    await store.openPeriod(p, "2024/25", admin);
    const proposed = await store.updateSettings(p, UP, 2, admin);
    expect(proposed.partnership).toMatchObject({ settings: DOWN, version: 2 });
    expect(proposed.terms).toMatchObject({
      id: "terms-1",
      section: "settings",
      body: UP,
      base: DOWN,
      effectiveFrom: null,
      status: "proposed",
      awaiting: ["A", "B"],
      proposedByPartner: "A",
    });
    // One partner's consent is not enough: the settings stay as they were.
    await store.consentTerms(p, "terms-1", approverA, activation);
    expect((await store.getPartnership(p))?.settings).toEqual(DOWN);
    const active = await store.consentTerms(p, "terms-1", approverB, activation);
    expect([active.status, active.consents.map((c) => [c.partner, c.actor])]).toEqual([
      "active",
      [
        ["A", "approver@a"],
        ["B", "approver@b"],
      ],
    ]);
    expect(await store.getPartnership(p)).toMatchObject({ settings: UP, version: 3 });
    // Sent unchanged (in another key order), the settings change nothing, wait for no one, and keep
    // the version; nothing is audited.
    const again = await store.updateSettings(
      p,
      Object.fromEntries(Object.entries(UP).reverse()) as typeof UP,
      3,
      admin,
    );
    expect([again.terms, again.partnership.version]).toEqual([undefined, 3]);
    expect((await store.getPartnership(p))?.version).toBe(3);
    const actions = (await store.listAudit(p, 0, 100)).map((r) => r.action);
    expect(actions.slice(-4)).toEqual(["period.open", "terms.propose", "terms.consent", "terms.activate"]);
  });

  it("are refused when the support settings name a service the partnership does not have, at set-up and after", async () => {
    const support = { method: "direct" as const, consumption: [{ from: "ICT", to: "HR", share: "0.25" }] };
    const audit = await store.verifyAudit(p);
    for (const setUp of [true, false]) {
      if (!setUp) await store.openPeriod(p, "2024/25", admin);
      const error = await storeErrorOf(store.updateSettings(p, { support }, undefined, admin));
      expect([error.code, error.issues.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["support.consumption[0].to"]]);
      expect(error.issues[0]?.message).toMatch(/unknown service "HR"/);
    }
    expect((await store.getPartnership(p))?.settings).toEqual({});
    expect(await store.listTerms(p)).toEqual([]);
    expect((await store.verifyAudit(p)).records).toBe(audit.records + 1);
  });

  it("are refused without an FX rounding mode once exchange rates are recorded, at set-up and after", async () => {
    await store.updateSettings(p, DOWN, undefined, admin);
    // Without rates, a partnership may drop the mode: nothing is converted.
    await store.updateSettings(p, {}, undefined, admin);
    await store.updateSettings(p, DOWN, undefined, admin);
    await dollarLine("L1", "2024-05-31");
    const audit = await store.verifyAudit(p);
    for (const setUp of [true, false]) {
      if (!setUp) await store.openPeriod(p, "2024/25", admin);
      const error = await storeErrorOf(store.updateSettings(p, {}, undefined, admin));
      expect([error.code, error.issues.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["fxRounding"]]);
    }
    expect((await store.getPartnership(p))?.settings).toEqual(DOWN);
    expect(await store.listTerms(p)).toEqual([]);
    expect((await store.verifyAudit(p)).records).toBe(audit.records + 1);
  });

  it("are proposed once a run is stored, even with no period recorded", async () => {
    await dollarLine("L1", "2024-05-31");
    await store.updateSettings(p, DOWN, undefined, admin);
    await charged("2024/25-Q1");
    expect((await store.updateSettings(p, UP, undefined, admin)).terms?.effectiveFrom).toBeNull();
    expect((await store.getPartnership(p))?.settings).toEqual(DOWN);
  });

  it("are still written directly once the only run stored is a discarded draft: it can never be approved", async () => {
    await dollarLine("L1", "2024-05-31");
    await store.updateSettings(p, DOWN, undefined, admin);
    const { run } = await charged("2024/25-Q1");
    await store.discardRun(p, run.id, "drafted before the rounding was settled", undefined, financeA);
    const direct = await store.updateSettings(p, UP, undefined, admin);
    expect([direct.terms, direct.partnership.settings]).toEqual([undefined, UP]);
    // A draft waiting for approval still counts: it may yet be approved under the settings.
    await charged("2024/25-Q1");
    expect((await store.updateSettings(p, DOWN, undefined, admin)).terms?.status).toBe("proposed");
    expect((await store.getPartnership(p))?.settings).toEqual(UP);
  });

  it("charge each year with the settings in force for it: an approved run of a closed year and a waiting draft of an earlier year keep reproducing", async () => {
    await store.updateSettings(p, DOWN, undefined, admin);
    await dollarLine("L1", "2024-05-31");
    await dollarLine("L2", "2024-08-31");
    await dollarLine("L3", "2025-05-31");
    const q1 = await charged("2024/25-Q1");
    expect(q1.pence).toBe(333);
    await store.approveRun(p, q1.run.id, undefined, approverB);
    // Posted: a period does not close over an approved run waiting to be posted.
    await store.postRun(p, q1.run.id, undefined, approverB);
    await close("2024/25-Q1");
    const q2 = await charged("2024/25-Q2");
    expect(q2.pence).toBe(333);
    // Nothing of 2025/26 is closed, but a quarter of 2024/25 is: by default from 2025/26.
    const { terms } = await store.updateSettings(p, UP, undefined, admin);
    expect(terms?.effectiveFrom).toBe("2025/26");
    await consentAll("terms-1");
    expect(await store.checkRun(p, q1.run.id)).toMatchObject({ reproduced: true, differences: [] });
    expect((await store.approveRun(p, q2.run.id, undefined, approverB)).status).toBe("approved");
    expect((await charged("2025/26-Q1")).pence).toBe(334);
    expect((await store.scenarioDocument(p, "2024/25")).fx?.rounding).toBe("down");
    expect((await store.reportScenarioDocument(p, "2024/25", (_s, v) => v)).fx?.rounding).toBe("down");
    expect((await store.reportScenarioDocument(p, "2025/26", (_s, v) => v)).fx?.rounding).toBe("up");
    expect(await store.listSettingsInForce(p)).toEqual([
      { effectiveFrom: null, until: "2025/26", termsVersion: null, agreedAt: null, settings: DOWN },
      {
        effectiveFrom: "2025/26",
        until: null,
        termsVersion: "terms-1",
        agreedAt: expect.any(String),
        settings: UP,
      },
    ]);
    // The terms' history lists the settings with the sections' terms.
    expect((await store.listTermsInForce(p)).map((s) => [s.section, s.effectiveFrom, s.termsVersion])).toEqual([
      ["settings", null, null],
      ["settings", "2025/26", "terms-1"],
    ]);
    expect((await store.verifyAudit(p)).valid).toBe(true);
  });

  it("keep the settings stored before any version in force from the beginning, for every year", async () => {
    await store.updateSettings(p, DOWN, undefined, admin);
    expect(await store.listSettingsInForce(p)).toEqual([
      { effectiveFrom: null, until: null, termsVersion: null, agreedAt: null, settings: DOWN },
    ]);
    await dollarLine("L1", "2010-05-31");
    expect((await store.scenarioDocument(p, "2010/11-Q1")).fx?.rounding).toBe("down");
    expect(await store.listTermsInForce(p)).toEqual([]);
  });

  it("refuse settings from a closed year at proposal, and at the last consent when a period closed meanwhile", async () => {
    await close("2024/25");
    const audit = await store.verifyAudit(p);
    const early = await storeErrorOf(store.updateSettings(p, UP, undefined, admin, { effectiveFrom: "2024/25" }));
    expect([early.code, early.issues.map((i) => i.field)]).toEqual(["PERIOD_CLOSED", ["effectiveFrom"]]);
    expect(early.issues[0]?.message).toMatch(/2025\/26 or later/);
    expect(await store.listTerms(p)).toEqual([]);
    expect(await store.verifyAudit(p)).toEqual(audit);

    await store.updateSettings(p, UP, undefined, admin, { effectiveFrom: "2025-26" });
    await store.consentTerms(p, "terms-1", approverA, activation);
    await close("2025/26-Q1");
    const late = await storeErrorOf(store.consentTerms(p, "terms-1", approverB, activation));
    expect([late.code, late.issues.map((i) => i.field)]).toEqual(["PERIOD_CLOSED", ["effectiveFrom"]]);
    const [version] = await store.listTerms(p);
    expect([version?.status, version?.awaiting]).toEqual(["proposed", ["B"]]);
    expect((await store.getPartnership(p))?.settings).toEqual({});
    const quarter = await storeErrorOf(store.updateSettings(p, UP, undefined, admin, { effectiveFrom: "2026/27-Q1" }));
    expect([quarter.code, quarter.issues.map((i) => i.field)]).toEqual(["INVALID_INPUT", ["effectiveFrom"]]);
  });

  it("take no effect when one partner declines, and none from a version proposed over settings changed since", async () => {
    await store.openPeriod(p, "2024/25", admin);
    await store.updateSettings(p, UP, undefined, admin);
    await store.consentTerms(p, "terms-1", approverA, activation);
    const declined = await store.declineTerms(p, "terms-1", "rounding up was not agreed at the board", approverB);
    expect([declined.status, declined.declined?.partner]).toEqual(["declined", "B"]);
    expect((await store.getPartnership(p))?.settings).toEqual({});

    await store.updateSettings(p, UP, undefined, admin);
    await store.updateSettings(p, DOWN, undefined, admin);
    await consentAll("terms-3");
    const stale = await storeErrorOf(store.consentTerms(p, "terms-2", approverA, activation));
    expect(stale.code).toBe("INVALID_STATE");
    expect((await store.getPartnership(p))?.settings).toEqual(DOWN);
    // The stored settings sent again with a year re-date them, as any proposal.
    const redated = await store.updateSettings(p, DOWN, undefined, admin, { effectiveFrom: "2026/27" });
    expect([redated.terms?.id, redated.terms?.effectiveFrom]).toEqual(["terms-4", "2026/27"]);
  });
});
