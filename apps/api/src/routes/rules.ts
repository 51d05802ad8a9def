import { formatPath, scenarioSchema } from "@3c/domain";
import type { RuleDocument } from "@3c/store";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { partnershipFor, setVersion } from "../http/auth.js";
import { noBody } from "../http/noBody.js";
import { ApiProblem } from "../http/problem.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";
import { ProposalFields, registerEndings, StatusQuery } from "./versionEndings.js";

// The domain's rule schema is recursive (a basis may contain bases), which the OpenAPI generator
// cannot express: the document shows the rule's outline and the handler validates with the domain.
const ruleSchema = scenarioSchema.shape.rules.element;
const RuleInput = z
  .strictObject({
    id: z.string(),
    service: z.string(),
    pool: z.string().optional(),
    effectiveFrom: z.string().openapi({ example: "2024-10-01" }),
    basis: z.record(z.string(), z.unknown()).openapi({
      description:
        "The basis, as in the scenario document (equal, fixed, driver, blended, direct, rate, two-stage, composite)",
      example: { kind: "driver", driver: "users" },
    }),
    remainder: z.string().optional(),
    description: z.string().optional(),
  })
  .openapi("RuleInput");
const RuleVersion = z
  .object({
    id: z.string(),
    document: z.record(z.string(), z.unknown()),
    ...ProposalFields,
  })
  .openapi("RuleVersion");
const RuleParam = PartnershipParam.extend({ rule: z.string().openapi({ param: { name: "rule", in: "path" } }) });
const base = "/v1/partnerships/{partnership}/rules";
const consentBody = noBody("consenting to a rule version");
const ok = (description: string) => ({ description, content: { "application/json": { schema: RuleVersion } } });

/**
 * Registers rule versions: list, propose, read, consent, decline, withdraw.
 *
 * @param app - the app
 */
export function registerRules(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags: ["Rules"],
      summary: "Rule versions with their effective dates and consents",
      security: bearer,
      request: { params: PartnershipParam, query: StatusQuery },
      responses: {
        200: {
          description: "The rule versions",
          content: { "application/json": { schema: z.object({ items: z.array(RuleVersion) }) } },
        },
        ...problems(404),
      },
    }),
    async (c) => {
      const { status } = c.req.valid("query");
      const items = await c.var.store.listRules(partnershipFor(c, "read:shared"));
      return send(c, { items: status === undefined ? items : items.filter((r) => r.status === status) });
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: base,
      tags: ["Rules"],
      summary: "Propose a rule version; it is used once an approver of every partner consents (finance, admin)",
      security: bearer,
      request: {
        params: PartnershipParam,
        body: { content: { "application/json": { schema: RuleInput } }, required: true },
      },
      responses: { 201: ok("The proposed version"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "rule:propose");
      const parsed = ruleSchema.safeParse(c.req.valid("json"));
      if (!parsed.success)
        throw new ApiProblem(
          "VALIDATION_FAILED",
          "the rule is not valid",
          parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
        );
      const rule = await c.var.store.proposeRule(id, parsed.data as RuleDocument, c.var.actor);
      setVersion(c, rule.version);
      return send(c, rule, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{rule}`,
      tags: ["Rules"],
      summary: "One rule version",
      security: bearer,
      request: { params: RuleParam },
      responses: { 200: ok("The rule version"), ...problems(404) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const [rule] = await c.var.store.listRules(id, c.req.valid("param").rule);
      if (rule === undefined)
        throw new ApiProblem("NOT_FOUND", `no rule version ${JSON.stringify(c.req.valid("param").rule)}`);
      setVersion(c, rule.version);
      return send(c, rule);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{rule}/consent`,
      tags: ["Rules"],
      summary: "Record the key's partner's consent (approver)",
      security: bearer,
      request: { params: RuleParam, body: consentBody.body },
      middleware: consentBody.middleware,
      responses: { 200: ok("The rule version after the consent"), ...problems(403, 404, 409, 415, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "rule:consent");
      const rule = await c.var.store.consentRule(id, c.req.valid("param").rule, c.var.actor);
      setVersion(c, rule.version);
      return send(c, rule);
    },
  );

  registerEndings(app, {
    base,
    param: "rule",
    tag: "Rules",
    schema: RuleVersion,
    noun: "version",
    unchanged: "can no longer become active",
    withdrawPermission: "rule:propose",
    decline: (store, p, id, reason, actor) => store.declineRule(p, id, reason, actor),
    withdraw: (store, p, id, actor) => store.withdrawRule(p, id, actor),
  });
}
