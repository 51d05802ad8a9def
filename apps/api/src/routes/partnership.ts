import { formatPath, ROUNDING_MODES, scenarioSchema } from "@3c/domain";
import { ROLES } from "@3c/store";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { expectedVersion, partnershipFor, setVersion } from "../http/auth.js";
import { integerQuery } from "../http/integerQuery.js";
import { noBody } from "../http/noBody.js";
import { ApiProblem } from "../http/problem.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";
import { effectiveFromQuery } from "./effectiveFromQuery.js";
import { TermsVersionSchema } from "./terms.js";

const idText = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "letters, digits, '.', '_' or '-' (at most 64)" });
const name = z.string().min(1, { error: "must not be empty" }).max(500);

const Partnership = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    settings: z.record(z.string(), z.unknown()).openapi({
      description:
        "The settings as last agreed (or set while setting up); `settingsInForce` says which charged each year",
    }),
    version: z.number().int(),
  })
  .openapi("Partnership");
const SettingsInForce = z
  .object({
    effectiveFrom: z
      .string()
      .nullable()
      .openapi({ description: "The first financial year they charge; null: from the beginning", example: "2025/26" }),
    until: z.string().nullable().openapi({ description: "The first year they no longer charge; null: still in force" }),
    termsVersion: z.string().nullable().openapi({
      description:
        "The terms version that agreed them (`…/terms/{terms}` lists who consented, when); null: the settings as stored before any version",
      example: "terms-3",
    }),
    agreedAt: z
      .string()
      .nullable()
      .openapi({ description: "When the version took effect (its last consent); null: before any version" }),
    settings: z.record(z.string(), z.unknown()),
  })
  .openapi("SettingsInForce");
const PartnershipView = Partnership.extend({
  settingsInForce: z.array(SettingsInForce).openapi({
    description:
      "Which settings (FX rounding, support services) charged each financial year, oldest first: stretches of years, each with the version that agreed them",
  }),
}).openapi("PartnershipView");
const supportSchema = scenarioSchema.shape.support.unwrap();
const Settings = z
  .strictObject({
    fxRounding: z.enum(ROUNDING_MODES).optional().openapi({ description: "How converted foreign amounts are rounded" }),
    support: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "Support services: the scenario document's `support` (method, order, consumption)" }),
  })
  .openapi("Settings");
const Partner = z.object({ id: z.string(), name: z.string(), version: z.number().int() }).openapi("Partner");
const PartnerInput = z.strictObject({ id: idText, name }).openapi("PartnerInput");
const monthStart = z.string().regex(/^\d{4}-\d{2}-01$/, { error: "expected the first day of a month, YYYY-MM-01" });
const Pool = z.object({
  id: idText,
  name,
  effectiveFrom: z.string().optional().openapi({
    description: "The first day of the first month it takes part in runs and reports; absent: from the beginning",
  }),
});
const Handover = z
  .object({
    effectiveFrom: z.string().openapi({ description: "The first day the new lead leads (a month's first day)" }),
    previousLead: z.string().openapi({ description: "The lead until the day before" }),
    lead: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string(),
  })
  .openapi("Handover");
const Service = z
  .object({
    id: z.string(),
    name: z.string(),
    lead: z.string().openapi({ description: "The lead in force today" }),
    participants: z.array(z.string()),
    pools: z.array(Pool),
    handovers: z.array(Handover).openapi({ description: "Its hand-overs from one lead to another, oldest first" }),
    effectiveFrom: z.string().optional().openapi({
      description: "The first day of the first month it takes part in runs and reports; absent: from the beginning",
    }),
    version: z.number().int(),
  })
  .openapi("Service");
const HandoverInput = z
  .strictObject({
    lead: idText,
    effectiveFrom: z
      .string()
      .regex(/^\d{4}-\d{2}-01$/, { error: "expected the first day of a month, YYYY-MM-01" })
      .openapi({ example: "2024-10-01", description: "The first day the new lead leads: the first day of a month" }),
  })
  .openapi("HandoverInput");
const ServiceInput = z
  .strictObject({
    id: idText,
    name,
    lead: idText,
    participants: z.array(idText).min(1).optional(),
    pools: z.array(z.strictObject({ id: idText, name })).min(1),
    effectiveFrom: monthStart.optional().openapi({
      example: "2025-04-01",
      description:
        "The first day of the first month the service and its pools take part in runs and reports, not in a closed period (default: the first day of the first open period, not before the day after the latest closed one; from the beginning while no period is recorded)",
    }),
  })
  .openapi("ServiceInput");
const PoolInput = z
  .strictObject({
    id: idText,
    name,
    effectiveFrom: monthStart.optional().openapi({
      example: "2025-04-01",
      description:
        "The first day of the first month the pool takes part in runs and reports, not in a closed period (default: the first day of the first open period, not before the day after the latest closed one; from the beginning while no period is recorded)",
    }),
  })
  .openapi("PoolInput");
const Key = z
  .object({
    id: z.string(),
    partnership: z.string(),
    partner: z.string(),
    role: z.enum(ROLES),
    name: z.string(),
    createdAt: z.string(),
  })
  .openapi("ApiKey");
const KeyInput = z.strictObject({ partner: idText, role: z.enum(ROLES), name }).openapi("KeyInput");
const AuditRecord = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    keyId: z.string(),
    actor: z.string(),
    partner: z.string().nullable(),
    role: z.string(),
    action: z.string(),
    target: z.string(),
    requestId: z.string(),
    beforeHash: z.string().nullable(),
    afterHash: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditRecord");

const base = "/v1/partnerships/{partnership}";
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

/**
 * Registers the partnership, its partners, services, keys and audit log.
 *
 * @param app - the app
 */
export function registerPartnership(app: OpenAPIHono<AppEnv>): void {
  const revokeTakesNoBody = noBody("revoking a key");
  const cancelTakesNoBody = noBody("cancelling a hand-over");
  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags: ["Partnership"],
      summary: "The key's partnership",
      security: bearer,
      request: { params: PartnershipParam },
      responses: {
        200: json(PartnershipView, "The partnership, with the settings in force each financial year"),
        ...problems(404),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const p = await c.var.store.getPartnership(id);
      if (p === undefined) throw new ApiProblem("NOT_FOUND", `no partnership ${id}`);
      setVersion(c, p.version);
      return send(c, { ...p, settingsInForce: await c.var.store.listSettingsInForce(id) });
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: `${base}/settings`,
      tags: ["Partnership"],
      summary: "Replace the settings: FX rounding mode, support services (admin; If-Match)",
      description:
        "The settings change what every partner pays. While the partnership is being set up — no period recorded, no run stored and no settings version agreed (or no partner yet) — the admin's write replaces them at once (200). After that a change answers 202 with a proposed terms version (section `settings`, at `Location`) that takes effect once an approver of every partner consents (`…/terms/{terms}/consent`; decline and withdraw as for any terms version), from the financial year `effectiveFrom`: by default the year after the last one with a closed period (from the beginning when none is closed); a period of that year or a later one closed answers 409 `PERIOD_CLOSED`, so closed years keep the settings they were charged under and their runs keep reproducing. Support settings naming a service the partnership does not have answer 422, each problem at its path. Settings sent as stored answer 200 and change nothing (the version stays, nothing is audited); sent as stored with an `effectiveFrom`, they propose the agreed settings again from that year. `GET …` lists the settings in force each year (`settingsInForce`).",
      security: bearer,
      request: {
        params: PartnershipParam,
        query: effectiveFromQuery("The first financial year the proposed settings charge once agreed, e.g. 2025/26"),
        ...body(Settings),
      },
      responses: {
        200: json(Partnership, "Set at once (while setting up), or sent as stored: the partnership"),
        202: json(
          TermsVersionSchema,
          "Proposed: a terms version (at `Location`) waiting for an approver of every partner; the settings are unchanged so far",
        ),
        ...problems(403, 404, 409, 412, 422),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "manage");
      const input = c.req.valid("json");
      const support = input.support === undefined ? undefined : supportSchema.safeParse(input.support);
      if (support !== undefined && !support.success)
        throw new ApiProblem(
          "VALIDATION_FAILED",
          "settings.support is not valid",
          support.error.issues.map((i) => ({ path: formatPath(["support", ...i.path]), message: i.message })),
        );
      const settings = {
        ...(input.fxRounding === undefined ? {} : { fxRounding: input.fxRounding }),
        ...(support?.data === undefined ? {} : { support: support.data }),
      };
      const { effectiveFrom } = c.req.valid("query");
      const written = await c.var.store.updateSettings(id, settings, expectedVersion(c), c.var.actor, {
        ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
      });
      if (written.terms !== undefined) {
        c.header("Location", `/v1/partnerships/${id}/terms/${written.terms.id}`);
        return send(c, written.terms, 202);
      }
      setVersion(c, written.partnership.version);
      return send(c, written.partnership);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/partners`,
      tags: ["Partnership"],
      summary: "Partner councils",
      security: bearer,
      request: { params: PartnershipParam },
      responses: { 200: json(z.object({ items: z.array(Partner) }), "The partners"), ...problems(404) },
    }),
    async (c) => send(c, { items: await c.var.store.listPartners(partnershipFor(c, "read:shared")) }),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/partners`,
      tags: ["Partnership"],
      summary: "Add a partner council (admin)",
      security: bearer,
      request: { params: PartnershipParam, ...body(PartnerInput) },
      responses: { 201: json(Partner, "The partner"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "manage");
      const partner = await c.var.store.createPartner(id, c.req.valid("json"), c.var.actor);
      setVersion(c, partner.version);
      return send(c, partner, 201);
    },
  );

  const PartnerParam = PartnershipParam.extend({
    partner: z.string().openapi({ param: { name: "partner", in: "path" } }),
  });
  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/partners/{partner}`,
      tags: ["Partnership"],
      summary: "One partner (ETag: its version)",
      security: bearer,
      request: { params: PartnerParam },
      responses: { 200: json(Partner, "The partner"), ...problems(404) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const { partner } = c.req.valid("param");
      const found = (await c.var.store.listPartners(id)).find((p) => p.id === partner);
      if (found === undefined) throw new ApiProblem("NOT_FOUND", `no partner ${JSON.stringify(partner)}`);
      setVersion(c, found.version);
      return send(c, found);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/partners/{partner}`,
      tags: ["Partnership"],
      summary: "Rename a partner (admin; If-Match to detect concurrent edits)",
      security: bearer,
      request: { params: PartnerParam, ...body(z.strictObject({ name })) },
      responses: { 200: json(Partner, "The partner"), ...problems(403, 404, 412, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "manage");
      const { partner } = c.req.valid("param");
      const updated = await c.var.store.updatePartner(
        id,
        partner,
        c.req.valid("json"),
        expectedVersion(c),
        c.var.actor,
      );
      setVersion(c, updated.version);
      return send(c, updated);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/services`,
      tags: ["Partnership"],
      summary: "Shared services with their lead, participants and cost pools",
      security: bearer,
      request: { params: PartnershipParam },
      responses: { 200: json(z.object({ items: z.array(Service) }), "The services"), ...problems(404) },
    }),
    async (c) => send(c, { items: await c.var.store.listServices(partnershipFor(c, "read:shared")) }),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/services`,
      tags: ["Partnership"],
      summary: "Add a shared service and its pools (admin)",
      description:
        "The service and its pools take part in the runs and reports of periods ending after its `effectiveFrom`, so runs of earlier periods still reproduce and drafts waiting for approval stay approvable. A line, income, rule, budget, KPI measurement, outage, savings contribution or one-off item of it dated before then answers 422 naming the row and field; a pool added later or a hand-over cannot be dated before it (422). A date that is not a month's first day answers 422, one a closed period ends after 409 `PERIOD_CLOSED` naming the earliest date allowed.",
      security: bearer,
      request: { params: PartnershipParam, ...body(ServiceInput) },
      responses: { 201: json(Service, "The service"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "manage");
      const service = await c.var.store.createService(id, c.req.valid("json"), c.var.actor);
      setVersion(c, service.version);
      return send(c, service, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/services/{service}`,
      tags: ["Partnership"],
      summary: "One service",
      security: bearer,
      request: {
        params: PartnershipParam.extend({ service: z.string().openapi({ param: { name: "service", in: "path" } }) }),
      },
      responses: { 200: json(Service, "The service"), ...problems(404) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const { service } = c.req.valid("param");
      const found = (await c.var.store.listServices(id)).find((s) => s.id === service);
      if (found === undefined) throw new ApiProblem("NOT_FOUND", `no service ${JSON.stringify(service)}`);
      setVersion(c, found.version);
      return send(c, found);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: `${base}/services/{service}`,
      tags: ["Partnership"],
      summary: "Hand a service to another lead from the first day of a month (admin; If-Match)",
      description:
        "Appends a hand-over to the service's history: from `effectiveFrom` on, the new lead writes the service's dated rows and issues its charges; runs of earlier periods keep the previous lead, and runs already made keep the lead they recorded. `effectiveFrom` must be the first day of a month and not before the service's own `effectiveFrom` (422), later than the service's latest hand-over (409 `INVALID_STATE`: history is never rewritten), after every closed period (409 `PERIOD_CLOSED`) and after the period of every approved or posted run (409 `INVALID_STATE`); the new lead must take part in the service and differ from the lead in force the day before (422). A run whose period contains the date strictly inside it charges each line by the lead on its date: its statements list the service once per lead.",
      security: bearer,
      request: {
        params: PartnershipParam.extend({ service: z.string().openapi({ param: { name: "service", in: "path" } }) }),
        ...body(HandoverInput),
      },
      responses: { 200: json(Service, "The service"), ...problems(403, 404, 409, 412, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "manage");
      const { service } = c.req.valid("param");
      const updated = await c.var.store.updateService(
        id,
        service,
        c.req.valid("json"),
        expectedVersion(c),
        c.var.actor,
      );
      setVersion(c, updated.version);
      return send(c, updated);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/services/{service}/handovers/{effectiveFrom}`,
      tags: ["Partnership"],
      summary: "Cancel the service's latest hand-over while it is still to come (admin; If-Match optional)",
      description:
        "Withdraws a hand-over recorded by mistake: the service's latest, while its date is after today and nothing depends on it. The service's lead after its history goes back to the hand-over's previous lead, at the service's next version, with an audit record (`service.handover.cancel`). Refused with 409 naming why: not the latest (`INVALID_STATE`), already in force (`INVALID_STATE`: hand the service over again instead), a run of any status of a period ending after its date (`INVALID_STATE`), a closed period ending after its date (`PERIOD_CLOSED`). 404 when the service has no hand-over from that date. Takes no body.",
      security: bearer,
      request: {
        params: PartnershipParam.extend({
          service: z.string().openapi({ param: { name: "service", in: "path" } }),
          effectiveFrom: z.string().openapi({ param: { name: "effectiveFrom", in: "path" }, example: "2025-10-01" }),
        }),
      },
      middleware: cancelTakesNoBody.middleware,
      responses: { 200: json(Service, "The service without the hand-over"), ...problems(403, 404, 409, 412, 415, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "manage");
      const { service, effectiveFrom } = c.req.valid("param");
      const updated = await c.var.store.cancelHandover(id, service, effectiveFrom, expectedVersion(c), c.var.actor);
      setVersion(c, updated.version);
      return send(c, updated);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/services/{service}/pools`,
      tags: ["Partnership"],
      summary: "Add a cost pool to a service (admin; If-Match optional)",
      description:
        "Adds the pool after the service's other pools. It takes part in the runs and reports of periods ending after its `effectiveFrom`, so runs of earlier periods still reproduce; a line, budget or rule of it dated before then answers 422 naming the row and field, a date before the service's own `effectiveFrom` 422 (by default the pool starts no earlier than its service), a date a closed period ends after 409 `PERIOD_CLOSED`. It has no cost until lines are recorded in it. Its lines are shared by the service-wide rule version in force on their dates, if the service has one; otherwise by a rule version of the pool itself (`POST …/rules` with `pool`), agreed by every partner: until then a run of a period with lines in the pool answers 422 `INVALID_SCENARIO` naming the pool. A pool id the service already has answers 409 `ALREADY_EXISTS`.",
      security: bearer,
      request: {
        params: PartnershipParam.extend({ service: z.string().openapi({ param: { name: "service", in: "path" } }) }),
        ...body(PoolInput),
      },
      responses: { 201: json(Service, "The service with its new pool"), ...problems(403, 404, 409, 412, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "manage");
      const { service } = c.req.valid("param");
      const { effectiveFrom, ...pool } = c.req.valid("json");
      const updated = await c.var.store.addPool(
        id,
        service,
        effectiveFrom === undefined ? pool : { ...pool, effectiveFrom },
        expectedVersion(c),
        c.var.actor,
      );
      setVersion(c, updated.version);
      return send(c, updated, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/keys`,
      tags: ["Keys"],
      summary: "The live API keys of the admin's own partner, without secrets (admin)",
      security: bearer,
      request: { params: PartnershipParam },
      responses: { 200: json(z.object({ items: z.array(Key) }), "The keys"), ...problems(403, 404) },
    }),
    async (c) => {
      const keys = await c.var.store.listKeys(partnershipFor(c, "manage"));
      return send(c, { items: keys.filter((k) => k.partner === c.var.key.partner) });
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/keys`,
      tags: ["Keys"],
      summary: "Issue an API key; its secret is in this response only (admin)",
      description:
        "An admin issues keys for its own partner. For another partner it may issue only that partner's first admin key, while the partner has no live admin key (to bring a new partner in); that partner's admin issues the rest. Otherwise 403.",
      security: bearer,
      request: { params: PartnershipParam, ...body(KeyInput) },
      responses: {
        201: json(z.object({ key: Key, secret: z.string() }), "The key and its secret, shown once"),
        ...problems(403, 404, 422),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "manage");
      const input = c.req.valid("json");
      const own = c.var.key.partner;
      // A key acts for its partner (it consents to rule versions, approves runs): an admin of one
      // partner must not mint another partner's approvers.
      // For another partner, only its first admin key: the store checks it in the write's transaction.
      const issued = await c.var.store.createKey({ partnership: id, ...input }, c.var.actor, {
        firstAdmin: input.partner !== own,
      });
      return send(c, issued, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: `${base}/keys/{key}`,
      tags: ["Keys"],
      summary: "Revoke a key of the admin's own partner: it stops working at once (admin)",
      security: bearer,
      request: { params: PartnershipParam.extend({ key: z.string().openapi({ param: { name: "key", in: "path" } }) }) },
      middleware: revokeTakesNoBody.middleware,
      responses: { 200: json(Key, "The revoked key"), ...problems(403, 404, 415, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "manage");
      const keyId = c.req.valid("param").key;
      const target = (await c.var.store.listKeys(id)).find((k) => k.id === keyId);
      if (target === undefined || target.partner !== c.var.key.partner)
        throw new ApiProblem("NOT_FOUND", `no live key ${JSON.stringify(keyId)} of ${c.var.key.partner}`);
      return send(c, await c.var.store.revokeKey(id, keyId, c.var.actor));
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/audit`,
      tags: ["Audit"],
      summary: "The hash-chained audit log, oldest first (approver, admin)",
      security: bearer,
      request: {
        params: PartnershipParam,
        query: z.object({
          after: integerQuery({
            min: 0,
            max: Number.MAX_SAFE_INTEGER,
            default: 0,
            description: "Records after this sequence number",
          }),
          limit: integerQuery({ min: 1, max: 1000, default: 100, description: "Records per page" }),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(AuditRecord), nextAfter: z.number().nullable() }), "A page of records"),
        ...problems(403, 404, 422),
      },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:audit");
      const { after, limit } = c.req.valid("query");
      const items = await c.var.store.listAudit(id, after, limit);
      return send(c, { items, nextAfter: items.length === limit ? (items[items.length - 1]?.seq ?? null) : null });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/audit/verify`,
      tags: ["Audit"],
      summary: "Recompute the audit chain and report whether it is intact (approver, admin)",
      security: bearer,
      request: { params: PartnershipParam },
      responses: {
        200: json(
          z.object({
            valid: z.boolean(),
            records: z.number().int(),
            head: z.string(),
            firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
          }),
          "The verification",
        ),
        ...problems(403, 404),
      },
    }),
    async (c) => send(c, await c.var.store.verifyAudit(partnershipFor(c, "read:audit"))),
  );
}
