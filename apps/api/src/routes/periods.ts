import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { expectedVersion, partnershipFor, setVersion } from "../http/auth.js";
import { noBody } from "../http/noBody.js";
import { ApiProblem } from "../http/problem.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";
import { periodFromPath } from "./periodParam.js";

const Period = z
  .object({
    name: z.string().openapi({ example: "2024/25-Q1" }),
    start: z.string(),
    end: z.string().openapi({ description: "First day after the period (half-open)" }),
    status: z.enum(["open", "closed"]),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi("Period");
const PeriodParam = PartnershipParam.extend({
  period: z.string().openapi({ param: { name: "period", in: "path" }, example: "2024-25-Q1" }),
});
const base = "/v1/partnerships/{partnership}/periods";
const closeBody = noBody("closing a period");
const ok = (description: string) => ({ description, content: { "application/json": { schema: Period } } });

/**
 * Registers the periods: list, open, read, close.
 *
 * @param app - the app
 */
export function registerPeriods(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags: ["Periods"],
      summary: "Periods and whether they are open or closed",
      security: bearer,
      request: { params: PartnershipParam },
      responses: {
        200: {
          description: "The periods",
          content: { "application/json": { schema: z.object({ items: z.array(Period) }) } },
        },
        ...problems(404),
      },
    }),
    async (c) => send(c, { items: await c.var.store.listPeriods(partnershipFor(c, "read:shared")) }),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags: ["Periods"],
      summary: "Open a period (approver, admin)",
      security: bearer,
      request: {
        params: PartnershipParam,
        body: {
          content: {
            "application/json": { schema: z.strictObject({ name: z.string().openapi({ example: "2024/25-Q1" }) }) },
          },
          required: true,
        },
      },
      responses: { 201: ok("The open period"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "period:open");
      const period = await c.var.store.openPeriod(id, c.req.valid("json").name, c.var.actor);
      setVersion(c, period.version);
      return send(c, period, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{period}`,
      tags: ["Periods"],
      summary: "One period (ETag: its version)",
      security: bearer,
      request: { params: PeriodParam },
      responses: { 200: ok("The period"), ...problems(404) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const name = periodFromPath(c.req.valid("param").period);
      const found = (await c.var.store.listPeriods(id)).find((p) => p.name === name);
      if (found === undefined) throw new ApiProblem("NOT_FOUND", `no period ${JSON.stringify(name)}`);
      setVersion(c, found.version);
      return send(c, found);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{period}/close`,
      tags: ["Periods"],
      summary: "Close a period: nothing dated in it can be written again (approver; If-Match)",
      description:
        "Refused with 409 `INVALID_STATE` naming each run of the period, or of a period overlapping it, that is approved and not yet posted: once the period closed it could never be posted. A draft does not block (it can no longer be approved).",
      security: bearer,
      request: { params: PeriodParam, body: closeBody.body },
      middleware: closeBody.middleware,
      responses: { 200: ok("The closed period"), ...problems(403, 404, 409, 412, 415, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "period:close");
      const name = periodFromPath(c.req.valid("param").period);
      const period = await c.var.store.closePeriod(id, name, expectedVersion(c), c.var.actor);
      setVersion(c, period.version);
      return send(c, period);
    },
  );
}
