import { parseDate, rechargeRun, runView } from "@3c/domain";
import { demoScenario } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import type { StoredRunSummary, StoredRunView } from "../api/storedRun.js";
import { runsTable, storedRunReport } from "./storedRunReport.js";

const scenario = demoScenario();
const numbers = Object.fromEntries(scenario.partners.map((p) => [p.id, `run-2/${p.id}`]));
const run = rechargeRun({
  scenario,
  period: "2024/25-Q3",
  statements: { numbers, issueDate: parseDate("2024-12-31") },
});
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
const view = (partner: string): StoredRunView => ({ name: "3C", run: stored, ...runView(run, partner) });

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
