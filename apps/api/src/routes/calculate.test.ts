import { parseDate, rechargeRun } from "@3c/domain";
import { DEMO_PERIOD, demoScenario, demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing/index.js";

const t = useTestApp({ keys: { viewer: "p1/B/viewer" } });
const { keys } = t;
const statements = { numbers: { CCC: "C-1", HDC: "H-1", SCDC: "S-1" }, issueDate: "2025-04-30" };

describe("POST /v1/calculate", () => {
  it("returns exactly the domain's run of the scenario, storing nothing", async () => {
    const before = await t.store.verifyAudit("p1");
    const res = await t.call("POST", "/v1/calculate", {
      key: keys.viewer,
      json: { scenario: demoScenarioDocument, period: DEMO_PERIOD, statements },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { manifest: { outputHash: string } };
    const direct = rechargeRun({
      scenario: demoScenario(),
      period: DEMO_PERIOD,
      statements: { ...statements, issueDate: parseDate(statements.issueDate) },
    });
    expect(body.manifest).toEqual(direct.manifest);
    expect((await t.store.verifyAudit("p1")).records).toBe(before.records);
  });

  it("reports every problem of an invalid scenario with its path", async () => {
    const scenario = { ...demoScenarioDocument, partners: [], costLines: [{ id: "x" }] };
    const res = await t.call("POST", "/v1/calculate", {
      key: keys.viewer,
      json: { scenario, period: DEMO_PERIOD, statements },
    });
    const body = (await res.json()) as { status: number; errors: { path: string }[] };
    expect(body.status).toBe(422);
    expect(body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["scenario.partners", "scenario.costLines[0].amount"]),
    );
  });

  it("refuses the statements' VAT rate outside 0 to 100 percent and a due date before the issue date", async () => {
    const refused = async (extra: object) => {
      const res = await t.call("POST", "/v1/calculate", {
        key: keys.viewer,
        json: { scenario: demoScenarioDocument, period: DEMO_PERIOD, statements: { ...statements, ...extra } },
      });
      const body = (await res.json()) as { status: number; code: string; errors?: { path: string }[] };
      return [res.status, body.code, body.errors?.map((e) => e.path)];
    };
    expect(await refused({ vat: { ratePercent: "120", rounding: "half-up" } })).toEqual([
      422,
      "INVALID_SCENARIO",
      ["statements.vat.ratePercent"],
    ]);
    expect(await refused({ dueDate: "2025-04-01" })).toEqual([422, "INVALID_SCENARIO", ["statements.dueDate"]]);
  });

  it("needs a key", async () => {
    expect((await t.call("POST", "/v1/calculate", { json: {} })).status).toBe(401);
  });
});
