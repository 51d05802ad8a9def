import { parseDate, rechargeRun, runView } from "@3c/domain";
import { demoBudgetScenario, demoScenario } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import type { StoredRunSummary, StoredRunView } from "../api/storedRun.js";
import { isTrueUpShown, settlementShown, trueUpSettlementReport } from "./rechargeReport.js";
import { runsTable, storedRunReport, storedYearEndReport } from "./storedRunReport.js";

const scenario = demoScenario();
const numbers = Object.fromEntries(scenario.partners.map((p) => [p.id, `run-2/${p.id}`]));
const run = rechargeRun({
  scenario,
  period: "2024/25-Q3",
  statements: { numbers, issueDate: parseDate("2024-12-31") },
});
/**
 * The domain's view of a run for a partner, as the API's `…/statements` and `…/settlement` give it:
 * for a true-up, the true-up's totals only (the year end's whole true-up is `…/year-end`'s).
 */
function partsOf(of: Parameters<typeof runView>[0], partner: string) {
  const { trueUp, ...parts } = runView(of, partner);
  return { ...parts, ...(parts.basis === "true-up" && trueUp !== undefined ? { trueUp: trueUp.byPartner } : {}) };
}
const stored: StoredRunSummary = {
  id: "run-2",
  period: "2024/25-Q3",
  kind: "reversal",
  reverses: "run-1",
  status: "draft",
  manifest: run.manifest,
  preparedBy: "finance@hdc",
  preparedAt: "2025-02-01T09:00:00.000Z",
  approvedBy: null,
  approvedAt: null,
  postedAt: null,
  version: 1,
};
const view = (partner: string): StoredRunView => ({
  name: "3C",
  currency: "GBP",
  run: stored,
  ...partsOf(run, partner),
});

describe("a stored run as its key may see it", () => {
  it("says which run it is, who prepared it, and whose view it is", () => {
    const text = storedRunReport(view("SCDC"));
    expect(text).toContain(
      "Stored run run-2 (reversal reversing run-1), draft: prepared by finance@hdc at 2025-02-01T09:00:00.000Z.\n",
    );
    expect(text).toContain("As SCDC may see it (the API key's partner)");
    // SCDC leads nothing: its own statement only, and no lead's view to explain.
    expect(text).toMatch(/\nrun-2\/SCDC +invoice +SCDC .*\n\nNet position:\n/);
    expect(text).not.toContain("*");
  });

  it("says who discarded a discarded draft, when and why", () => {
    const discarded: StoredRunSummary = {
      ...stored,
      status: "discarded",
      discardedBy: "finance@ccc",
      discardedAt: "2025-02-02T10:00:00.000Z",
      discardReason: "booked in Q3, meant Q4",
      version: 2,
    };
    expect(storedRunReport({ ...view("SCDC"), run: discarded })).toContain(
      "Stored run run-2 (reversal reversing run-1), discarded: prepared by finance@hdc at 2025-02-01T09:00:00.000Z, discarded by finance@ccc at 2025-02-02T10:00:00.000Z: booked in Q3, meant Q4.\n",
    );
  });

  it("marks a lead's view of another partner's statement and explains the mark", () => {
    const text = storedRunReport(view("HDC"));
    expect(text).toMatch(/\nrun-2\/CCC +(invoice|credit-note)\* +CCC /);
    expect(text).toContain("* HDC's view as a lead: only the lines it issues on that statement, and their totals.\n");
  });

  it("lists runs with a reversal naming the run it reverses, and says when there are none", () => {
    const table = runsTable([stored]);
    expect(table.split("\n")[1]).toMatch(
      new RegExp(
        `^run-2 +2024/25-Q3 +reversal of run-1 +draft +finance@hdc .* ${run.manifest.outputHash.slice(0, 12)}…$`,
      ),
    );
    expect(runsTable([])).toBe("No stored runs.\n");
  });
});

describe("a stored budget run's year end as its key may see it", () => {
  const year = rechargeRun({
    scenario,
    period: "2024/25",
    statements: { numbers, issueDate: parseDate("2025-04-30") },
    budget: demoBudgetScenario(),
  });
  const run: StoredRunSummary = {
    ...stored,
    id: "run-4",
    period: "2024/25",
    kind: "recharge",
    reverses: null,
    manifest: year.manifest,
  };

  /** What `3c settle --budget --partner` shows of the year. */
  const trueUpShown = (partner: string) => {
    const shown = settlementShown(year, partner);
    if (!isTrueUpShown(shown)) throw new Error("the year's run with the budget settles its true-up");
    return shown;
  };

  it("is the local run's part for the partner, between the run's provenance and its hashes", () => {
    const shown = trueUpShown("HDC");
    // The key's part: the domain's view of the year end for its partner.
    expect(shown.trueUp).toEqual(year.trueUp?.byPartner.filter((p) => p.partner === "HDC"));
    expect(shown.positions.map((p) => p.partner)).toEqual(["HDC"]);
    expect(shown.settlement.every((t) => t.from === "HDC" || t.to === "HDC")).toBe(true);
    const text = storedYearEndReport({ name: "3C", currency: "GBP", run, partner: "HDC", shown });
    const [, ...body] = trueUpSettlementReport(year, scenario, shown, "HDC").split("\n\n");
    expect(text).toContain(`\n\n${body.join("\n\n")}`);
    expect(text).toContain("Stored run run-4 (recharge), draft: prepared by finance@hdc");
    expect(text).toContain("HDC's net position of the true-up (net as a lead less net to its leads):\n");
    expect(text).not.toContain("they sum to zero");
    expect(text.endsWith(`Output hash: ${year.manifest.outputHash}\n`)).toBe(true);
  });

  /** SCDC's view of a stored run of the year, its settlement the true-up's, as the API answers it. */
  const trueUpView = (stored: StoredRunSummary): StoredRunView => ({
    name: "3C",
    currency: "GBP",
    run: stored,
    ...partsOf(year, "SCDC"),
  });

  it("labels the settlement of its run's view as the true-up's, the statements being the year's whole charges", () => {
    const { invoices, settlement } = trueUpShown("SCDC");
    const text = storedRunReport(trueUpView(run));
    expect(text).toContain(
      "The statements are the year's whole charges, advanced quarterly: what is left to settle is the\nyear-end true-up, each charge less what was advanced for it.\n\nNet position of the true-up:\n",
    );
    expect(text).toContain(
      `Settlement of the true-up: ${settlement.length} transfer${settlement.length === 1 ? "" : "s"} SCDC pays or receives, instead of ${invoices.length} true-up invoices:\n`,
    );
    expect(text).not.toContain("a year's true-up are not shown");
  });

  it("says a reversal's settlement takes back the true-up, not that it is what is left to settle", () => {
    const text = storedRunReport(trueUpView({ ...run, kind: "reversal", reverses: "run-4", id: "run-5" }));
    expect(text).toContain(
      "The statements take back those of run-4, a year's run with the budget: its settlement was the\nyear-end true-up (the quarterly advances paid), so the settlement below takes back that true-up.\n",
    );
    expect(text).not.toContain("what is left to settle");
  });
});
