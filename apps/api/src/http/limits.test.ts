import { describe, expect, it } from "vitest";
import { ictLine, useTestApp } from "../testing/index.js";

const t = useTestApp({
  options: { maxJsonBytes: 1000, maxCsvBytes: 100_000, rateLimit: { requests: 5, windowSeconds: 60 } },
  keys: { financeA: "p1/A/finance" },
});
const { keys } = t;

const csv = (rows: number) =>
  ["id,service,pool,date,amount", ...Array.from({ length: rows }, (_, i) => `C${i},ICT,staff,2024-05-31,1.00`)].join(
    "\n",
  );

describe("body limits, JSON and CSV separately", () => {
  it("refuses a JSON body over the JSON limit with 413 problem+json naming the limit", async () => {
    const res = await t.call("POST", "/v1/partnerships/p1/cost-lines/import", {
      key: keys.financeA,
      json: { items: Array.from({ length: 40 }, (_, i) => ictLine(`J${i}`, "1.00")) },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/JSON request bodies are limited to 1000 bytes/);
    expect((await t.store.listRecords("p1", "cost-lines", {}, { limit: 10 })).items).toHaveLength(0);
  });

  it("accepts a CSV body of the same size, which is under the CSV limit", async () => {
    const body = csv(40);
    expect(body.length).toBeGreaterThan(1000);
    const res = await t.call("POST", "/v1/partnerships/p1/cost-lines/import", { key: keys.financeA, text: body });
    expect(res.status).toBe(201);
  });

  it("judges a body by its stated Content-Length, refusing it before reading it, and without one as it streams", async () => {
    const body = JSON.stringify({ items: [ictLine("L1", "1.00")] });
    const stated = async (length: string) =>
      t.call("POST", "/v1/partnerships/p1/cost-lines/import", {
        key: keys.financeA,
        headers: { "Content-Type": "application/json", "Content-Length": length },
        text: body,
        type: "application/json",
      });
    const over = await stated("1001");
    expect(over.status).toBe(413);
    expect(((await over.json()) as { code: string }).code).toBe("PAYLOAD_TOO_LARGE");
    const nonsense = await stated("12abc");
    expect(nonsense.status).toBe(400);
    expect(((await nonsense.json()) as { code: string }).code).toBe("BAD_REQUEST");
    // Without a Content-Length (as app.request sends it), the body is counted as it streams in.
    const streamed = await t.call("POST", "/v1/partnerships/p1/cost-lines/import", {
      key: keys.financeA,
      json: { items: Array.from({ length: 40 }, (_, i) => ictLine(`S${i}`, "1.00")) },
    });
    expect(streamed.status).toBe(413);
    expect((await t.store.listRecords("p1", "cost-lines", {}, { limit: 100 })).items.map((r) => r.id)).not.toContain(
      "L1",
    );
  });
});

describe("rate limit per key", () => {
  it("answers 429 with Retry-After once a key has spent its budget, and leaves other keys alone", async () => {
    const viewer = await t.key("p1", "B", "viewer");
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await t.call("GET", "/v1/partnerships/p1", { key: viewer });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(last?.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(((await (last as Response).json()) as { code: string }).code).toBe("RATE_LIMITED");
    const other = await t.key("p1", "C", "viewer");
    expect((await t.call("GET", "/v1/partnerships/p1", { key: other })).status).toBe(200);
  });
});
