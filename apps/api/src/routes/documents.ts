import type { ApiKey } from "@3c/store";
import { DOCUMENT_KIND_NAMES, type DocumentKindName, type Service } from "@3c/store";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { partnershipFor } from "../http/auth.js";
import { ApiProblem } from "../http/problem.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";
import { visibleServices } from "./rowRules.js";

const TITLES: Record<DocumentKindName, string> = {
  baselines: "Savings baselines (a partner's pre-sharing cost of a service, per year)",
  "one-off-costs": "One-off costs (set-up, redundancy, transformation) and their funding",
  "kpi-definitions": "KPI definitions",
  "kpi-targets": "KPI targets per period",
  "kpi-measurements": "KPI measurements",
  outages: "Service outages",
  "service-calendars": "Service calendars (agreed service hours)",
};

/** A service's documents are written by its lead's finance users; a partner's own by that partner. */
function documentRule(key: ApiKey, services: readonly Service[]) {
  const lead = new Map(services.map((s) => [s.id, s.lead]));
  return (doc: Readonly<Record<string, unknown>>): string | undefined => {
    const service = typeof doc.service === "string" ? doc.service : undefined;
    const l = service === undefined ? undefined : lead.get(service);
    if (l === undefined || l === key.partner) return undefined;
    if (typeof doc.partner === "string" && doc.partner === key.partner && doc.kpi === undefined) return undefined;
    return `service ${service} is led by ${l}: only ${l}'s finance users write its documents`;
  };
}

/**
 * Registers list, read and import (JSON) of the documents the domain is gaining rules for. They are
 * stored whole and validated for the fields the store relies on; the domain's schemas will replace
 * those checks.
 *
 * @param app - the app
 */
export function registerDocuments(app: OpenAPIHono<AppEnv>): void {
  for (const kind of DOCUMENT_KIND_NAMES) {
    const base = `/v1/partnerships/{partnership}/${kind}`;
    const tags = ["Documents"];
    const Doc = z.record(z.string(), z.unknown()).openapi({ description: "The document as given" });

    app.openapi(
      createRoute({
        method: "get",
        path: base,
        tags,
        summary: `${TITLES[kind]}: list (by id, with a cursor)`,
        security: bearer,
        request: {
          params: PartnershipParam,
          query: z.object({
            service: z.string().optional(),
            limit: z.coerce.number().int().min(1).max(10_000).default(100),
            cursor: z.string().optional(),
          }),
        },
        responses: {
          200: {
            description: "A page",
            content: {
              "application/json": { schema: z.object({ items: z.array(Doc), nextCursor: z.string().nullable() }) },
            },
          },
          ...problems(403, 404, 422),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "read:records");
        const q = c.req.valid("query");
        const visible = visibleServices(c.var.key, await c.var.store.listServices(id));
        const page = await c.var.store.listDocuments(
          id,
          kind,
          { services: visible, ...(q.service === undefined ? {} : { service: q.service }) },
          { limit: q.limit, ...(q.cursor === undefined ? {} : { cursor: q.cursor }) },
        );
        return send(c, page);
      },
    );

    app.openapi(
      createRoute({
        method: "get",
        path: `${base}/{id}`,
        tags,
        summary: `${TITLES[kind]}: one`,
        security: bearer,
        request: { params: PartnershipParam.extend({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
        responses: {
          200: { description: "The document", content: { "application/json": { schema: Doc } } },
          ...problems(403, 404),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "read:records");
        const docId = c.req.valid("param").id;
        const doc = await c.var.store.getDocument(id, kind, docId);
        const visible = visibleServices(c.var.key, await c.var.store.listServices(id));
        if (doc === undefined || (typeof doc.service === "string" && !visible.includes(doc.service)))
          throw new ApiProblem("NOT_FOUND", `no ${kind} document ${JSON.stringify(docId)}`);
        return send(c, doc);
      },
    );

    app.openapi(
      createRoute({
        method: "post",
        path: `${base}/import`,
        tags,
        summary: `${TITLES[kind]}: import, all or nothing (finance)`,
        description: 'JSON `{ "items": [...] }`; every bad item is reported at once with its row and field.',
        security: bearer,
        request: {
          params: PartnershipParam,
          body: {
            content: { "application/json": { schema: z.strictObject({ items: z.array(z.unknown()) }) } },
            required: true,
          },
        },
        responses: {
          201: {
            description: "Imported",
            content: { "application/json": { schema: z.object({ kind: z.string(), imported: z.number().int() }) } },
          },
          ...problems(403, 404, 409, 413, 422),
        },
      }),
      async (c) => {
        const id = partnershipFor(c, "write:records");
        const rule = documentRule(c.var.key, await c.var.store.listServices(id));
        const result = await c.var.store.importDocuments(id, kind, c.req.valid("json").items, c.var.actor, rule);
        return send(c, result, 201);
      },
    );
  }
}
