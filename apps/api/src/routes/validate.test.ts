import { parseScenario, scenarioCounts, scenarioJsonSchema } from "@3c/domain";
import { demoScenario, demoScenarioDocument } from "@3c/domain/demo";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing/index.js";

const t = useTestApp({ keys: { viewer: "p1/B/viewer" } });
const { keys } = t;

describe("POST /v1/validate", () => {
  it("says a valid document is valid and counts what it holds, storing nothing", async () => {
    const before = await t.store.verifyAudit("p1");
    const res = await t.call("POST", "/v1/validate", { key: keys.viewer, json: { scenario: demoScenarioDocument } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ valid: true, counts: scenarioCounts(demoScenario()) });
    expect((await t.store.verifyAudit("p1")).records).toBe(before.records);
  });

  it("lists every problem of an invalid document with its path, exactly as the domain does", async () => {
    const scenario = { ...demoScenarioDocument, partners: [], costLines: [{ id: "x" }] };
    const res = await t.call("POST", "/v1/validate", { key: keys.viewer, json: { scenario } });
    expect(res.status).toBe(200);
    const domain = parseScenario(scenario);
    expect(domain.ok).toBe(false);
    expect(await res.json()).toEqual({
      valid: false,
      issues: domain.ok
        ? []
        : domain.issues.map((i) => ({
            path: i.path,
            message: i.message,
            ...(i.code === undefined ? {} : { code: i.code }),
          })),
    });
  });

  it("gives a problem a client may act on by kind the domain's stable code: a rule's driver with no quantities is MISSING_DRIVER", async () => {
    const drivers = demoScenarioDocument.drivers?.filter((d) => d.driver !== "devices");
    const res = await t.call("POST", "/v1/validate", {
      key: keys.viewer,
      json: { scenario: { ...demoScenarioDocument, drivers, partners: [] } },
    });
    const body = (await res.json()) as { issues: { path: string; message: string; code?: string }[] };
    const coded = body.issues.filter((i) => i.code !== undefined);
    expect(coded).toEqual([
      {
        path: expect.stringMatching(/^rules\[\d+\]\.basis\.components\[1\]\.driver$/),
        message: 'no quantities are given for driver "devices"',
        code: "MISSING_DRIVER",
      },
    ]);
    expect(body.issues.length).toBeGreaterThan(1);
  });

  it("refuses a body that is not a document envelope (422) and a request without a key (401)", async () => {
    expect((await t.call("POST", "/v1/validate", { key: keys.viewer, json: { scenario: [] } })).status).toBe(422);
    expect((await t.call("POST", "/v1/validate", { json: { scenario: {} } })).status).toBe(401);
  });
});

describe("GET /v1/schema", () => {
  it("serves the domain's JSON Schema of the scenario document", async () => {
    const res = await t.call("GET", "/v1/schema", { key: keys.viewer });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(scenarioJsonSchema());
  });
});
