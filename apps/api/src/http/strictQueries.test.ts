import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing/index.js";

const t = useTestApp({ options: { rateLimit: false }, keys: { admin: "p1/A/admin", financeA: "p1/A/finance" } });
const base = "/v1/partnerships/p1";

interface ProblemBody {
  status: number;
  code: string;
  detail: string;
  errors: { path: string; message: string }[];
}

const get = async (path: string) => {
  const res = await t.call("GET", `${base}${path}`, { key: t.keys.financeA });
  return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as ProblemBody };
};

/** The routes the app registers, from its route table: method, path and the query parameters they declare. */
function routeTable(): { method: string; path: string; query: string[] }[] {
  return t.app.openAPIRegistry.definitions.flatMap((d) => {
    if (d.type !== "route") return [];
    const query = d.route.request?.query as { shape?: Record<string, unknown> } | undefined;
    return [{ method: d.route.method.toUpperCase(), path: d.route.path, query: Object.keys(query?.shape ?? {}) }];
  });
}

describe("query parameters a route does not take", () => {
  it("are refused with 422 naming the parameter and the ones the list takes, not ignored", async () => {
    const res = await get("/cost-lines?servce=ICT");
    expect([res.status, res.type, res.body.code]).toEqual([422, "application/problem+json", "VALIDATION_FAILED"]);
    expect(res.body.errors).toEqual([
      { path: "servce", message: 'unknown query parameter "servce"; this route takes service, period, limit, cursor' },
    ]);
    expect(res.body.detail).toContain('servce: unknown query parameter "servce"');
  });

  it("are each named, beside a bad value of a parameter the route takes, in one answer", async () => {
    const res = await get("/audit?limit=1e3&aftr=2&before=9");
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.path).sort()).toEqual(["aftr", "before", "limit"]);
    expect(res.body.errors.find((e) => e.path === "aftr")?.message).toBe(
      'unknown query parameter "aftr"; this route takes after, limit',
    );
  });

  it("are refused on reports, and by a route that takes no query at all", async () => {
    const report = await get("/reports/kpis?year=2024/25&servce=ICT");
    expect([report.status, report.body.errors]).toEqual([
      422,
      [{ path: "servce", message: 'unknown query parameter "servce"; this route takes year, service, asAt, format' }],
    ]);
    const none = await get("/audit/verify?full=true");
    expect([none.status, none.body.errors]).toEqual([
      422,
      [{ path: "full", message: 'unknown query parameter "full"; this route takes none' }],
    ]);
  });

  it("are refused by every route in the route table, before its body or its resource is looked at; the OpenAPI document lists the ones each takes", async () => {
    const routes = routeTable();
    expect(routes.length).toBeGreaterThan(60);
    const answers = await Promise.all(
      routes.map(async ({ method, path }) => {
        const concrete = path.replace("{partnership}", "p1").replace(/\{(\w+)\}/g, "x");
        const res = await t.call(method, `${concrete}?zz=1`, { key: t.keys.admin });
        const body = (await res.json()) as ProblemBody;
        // Required parameters missing from this request (a report's `year`) are named too; only `zz` matters here.
        return [`${method} ${path}`, res.status, body.errors.filter((e) => e.path === "zz")] as const;
      }),
    );
    const want = routes.map(({ method, path, query }) => [
      `${method} ${path}`,
      422,
      [
        {
          path: "zz",
          message: `unknown query parameter "zz"; ${query.length === 0 ? "this route takes none" : `this route takes ${query.join(", ")}`}`,
        },
      ],
    ]);
    expect(answers).toEqual(want);
    // The document is generated as before: each route lists the query parameters it declares.
    const res = await t.call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const documented = routes.map(({ method, path }) => {
      const params = doc.paths[path]?.[method.toLowerCase()]?.parameters ?? [];
      return [`${method} ${path}`, params.filter((p) => p.in === "query").map((p) => p.name)];
    });
    expect(documented).toEqual(routes.map(({ method, path, query }) => [`${method} ${path}`, query]));
  });
});
