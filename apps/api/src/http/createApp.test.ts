import { openTestStore } from "@3c/store/testing";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { seedSmall, useTestApp } from "../testing/index.js";
import { createApp } from "./createApp.js";

// Empty stores: the tests that need the small partnership seed it themselves.
const t = useTestApp({ seed: false, per: "test" });
const small = useTestApp({ seed: false, options: { maxBodyBytes: 1000 } });

async function problemOf(res: Response) {
  expect(res.headers.get("Content-Type")).toBe("application/problem+json");
  return (await res.json()) as { code: string; status: number; type: string; errors?: { path: string }[] };
}

describe("the app", () => {
  it("reports health with the database reachable", async () => {
    const res = await t.call("GET", "/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: t.store.db.kind });
  });

  it("publishes OpenAPI 3.1 generated from its schemas, and interactive docs", async () => {
    const doc = (await (await t.call("GET", "/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/v1/partnerships/{partnership}/cost-lines/import");
    expect(Object.keys(doc.paths)).toContain("/v1/calculate");
    expect(Object.keys(doc.components.schemas)).toContain("Problem");
    // Its server is the origin the client reached, so the docs' "try it" requests go back there.
    const reached = (await (await t.call("GET", "http://council.test:8443/openapi.json")).json()) as typeof doc & {
      servers: unknown;
    };
    expect(reached.servers).toEqual([{ url: "http://council.test:8443", description: "This server" }]);
    const docs = await t.call("GET", "/docs");
    expect([docs.status, docs.headers.get("Content-Type")?.startsWith("text/html")]).toEqual([200, true]);
  });

  it("documents on every /v1 operation the answers its middleware gives, and Idempotency-Key on every write (POST, PUT, PATCH, DELETE)", async () => {
    type Operation = { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> };
    const doc = (await (await t.call("GET", "/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/v1/"))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(50);
    for (const { path, method, op } of operations) {
      for (const status of ["400", "401", "429", "500"])
        expect(Object.keys(op.responses), `${method} ${path}`).toContain(status);
      const idempotency = (op.parameters ?? []).some((p) => p.name === "Idempotency-Key" && p.in === "header");
      expect(idempotency, `${method} ${path}`).toBe(method !== "get");
    }
    const imports = operations.filter(({ path }) => path.endsWith("/import"));
    expect(imports.length).toBeGreaterThan(5);
    for (const { op } of imports) expect(Object.keys(op.responses)).toContain("409");
  });

  it("answers unknown paths, wrong methods and missing keys with problem documents", async () => {
    expect(await problemOf(await t.call("GET", "/nowhere"))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const wrong = await t.call("DELETE", "/healthz");
    expect(wrong.headers.get("Allow")).toContain("GET");
    expect(await problemOf(wrong)).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    const anonymous = await t.call("GET", "/v1/partnerships/p1");
    expect(anonymous.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(await problemOf(anonymous)).toMatchObject({
      status: 401,
      code: "UNAUTHORIZED",
      type: "/problems/unauthorized",
    });
    const forged = await t.call("GET", "/v1/partnerships/p1", { key: `3c_${"A".repeat(43)}` });
    expect((await problemOf(forged)).status).toBe(401);
  });

  it("refuses bodies over the size limit with 413", async () => {
    await seedSmall(small);
    const key = await small.key("p1", "A", "finance");
    const res = await small.call("POST", "/v1/partnerships/p1/cost-lines/import", {
      key,
      json: { items: Array.from({ length: 100 }, (_, i) => ({ id: `L${i}` })) },
    });
    expect(await problemOf(res)).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
    await small.reset();
  });

  it("reports validation errors with field paths, and malformed JSON as a bad request", async () => {
    await seedSmall(t);
    const key = await t.key("p1", "A", "finance");
    const res = await t.call("POST", "/v1/partnerships/p1/runs", {
      key,
      json: { period: "2024/25", issueDate: "soon" },
    });
    const body = await problemOf(res);
    expect([body.status, body.code, body.errors?.map((e) => e.path)]).toEqual([
      422,
      "VALIDATION_FAILED",
      ["issueDate"],
    ]);
    const bad = await t.call("POST", "/v1/partnerships/p1/runs", { key, text: "{nope", type: "application/json" });
    expect((await problemOf(bad)).status).toBe(400);
  });

  it("logs one JSON line per request with its request id, and answers 503 when the database is gone", async () => {
    const lines: string[] = [];
    // A PGlite of its own, on a server run too (no TEST_DATABASE_URL given): it is closed, not dropped.
    const store = await openTestStore({});
    const app = createApp({ store, logger: pino({ level: "info" }, { write: (line: string) => lines.push(line) }) });
    await app.request("/healthz", { headers: { "X-Request-Id": "log-1" } });
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      requestId: "log-1",
      method: "GET",
      path: "/healthz",
      status: 200,
    });
    await store.close();
    const res = await app.request("/healthz");
    expect(await problemOf(res)).toMatchObject({ status: 503, code: "DATABASE_UNAVAILABLE" });
  });

  it("echoes a request id, or makes one", async () => {
    const given = await t.call("GET", "/healthz", { headers: { "X-Request-Id": "req-123" } });
    expect(given.headers.get("X-Request-Id")).toBe("req-123");
    const made = await t.call("GET", "/healthz");
    expect(made.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sets secure headers on every answer: a 200, a 4xx and a 500", async () => {
    await seedSmall(t);
    const key = await t.key("p1", "A", "finance");
    const ok = await t.call("GET", "/healthz");
    const missing = await t.call("GET", "/nowhere");
    await t.store.db.exec("ALTER TABLE runs RENAME TO runs_away");
    const broken = await t.call("GET", "/v1/partnerships/p1/runs", { key });
    await t.store.db.exec("ALTER TABLE runs_away RENAME TO runs");
    for (const [res, status] of [
      [ok, 200],
      [missing, 404],
      [broken, 500],
    ] as const) {
      expect(res.status).toBe(status);
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
      expect(res.headers.get("Strict-Transport-Security")).toMatch(/max-age=/);
    }
  });

  it("never leaks internals in a 500", async () => {
    await seedSmall(t);
    const key = await t.key("p1", "A", "finance");
    await t.store.db.exec("ALTER TABLE runs RENAME TO runs_away");
    const res = await t.call("GET", "/v1/partnerships/p1/runs", { key });
    await t.store.db.exec("ALTER TABLE runs_away RENAME TO runs");
    const body = (await problemOf(res)) as unknown as { status: number; detail: string };
    expect(body.status).toBe(500);
    expect(body.detail).not.toMatch(/runs|relation|SELECT|at /i);
  });
});
