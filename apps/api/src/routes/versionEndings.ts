import type { Actor, Store } from "@3c/store";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { partnershipFor, setVersion } from "../http/auth.js";
import type { Permission } from "../http/entitlements.js";
import { noBody } from "../http/noBody.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";

/** The statuses of a rule or terms version, in the order they can be reached. */
export const VERSION_STATUSES = ["proposed", "active", "declined", "withdrawn"] as const;

/**
 * The fields every rule and terms version has: who proposed it and when, the consents it has and
 * awaits, and how it ended if unagreed.
 */
export const ProposalFields = {
  status: z.enum(VERSION_STATUSES).openapi({
    description:
      "`proposed` until an approver of every partner consents, then `active`; `declined` (by a partner's approver) or `withdrawn` (by the proposer's partner) ends it without effect",
  }),
  proposedBy: z.string(),
  proposedAt: z.string(),
  activatedAt: z.string().nullable(),
  consents: z.array(z.object({ partner: z.string(), keyId: z.string(), actor: z.string(), at: z.string() })),
  awaiting: z.array(z.string()),
  version: z.number().int(),
  proposedByPartner: z.string().nullable().openapi({
    description: "The partner the proposer acted for: its keys may withdraw the version (null: the system)",
  }),
  declined: z
    .object({ partner: z.string(), keyId: z.string(), actor: z.string(), at: z.string(), reason: z.string() })
    .nullable()
    .openapi({ description: "Who declined it, for which partner, when and why (set when `declined`)" }),
  withdrawn: z
    .object({ partner: z.string().nullable(), keyId: z.string(), actor: z.string(), at: z.string() })
    .nullable()
    .openapi({ description: "Who withdrew it and when (set when `withdrawn`)" }),
};

/** The body of a decline: the reason, required and not blank. */
export const DeclineInput = z
  .strictObject({
    reason: z
      .string()
      .max(2000)
      .regex(/\S/, "expected a non-empty reason")
      .openapi({ example: "The driver counts shared users twice; we will consent to a per-user basis" }),
  })
  .openapi("DeclineInput");

/** The `?status=` filter of the version lists. */
export const StatusQuery = z.object({
  status: z.enum(VERSION_STATUSES).optional().openapi({ description: "Only versions with this status" }),
});

/** What differs between rule versions and terms versions for their decline and withdraw routes. */
export interface EndingRoutes<V extends { readonly version: number }> {
  /** The list path, e.g. `/v1/partnerships/{partnership}/rules`. */
  readonly base: string;
  /** The path parameter naming a version. */
  readonly param: "rule" | "terms";
  readonly tag: string;
  /** The version's response schema. */
  readonly schema: z.ZodType;
  /** What a version is called in the summaries, e.g. "version" or "terms version". */
  readonly noun: string;
  /** What stays unchanged when it ends, for the descriptions. */
  readonly unchanged: string;
  /** Who may withdraw: the permission of proposing this kind. */
  readonly withdrawPermission: Permission;
  decline(store: Store, partnership: string, id: string, reason: string, actor: Actor): Promise<V>;
  withdraw(store: Store, partnership: string, id: string, actor: Actor): Promise<V>;
}

/**
 * Registers `POST {base}/{param}/decline` (an approver, with a reason) and `…/withdraw` (finance or
 * admin keys of the proposer's partner) for one kind of proposal.
 *
 * @param app - the app
 * @param r - the kind's paths, schema, wording and store functions
 */
export function registerEndings<V extends { readonly version: number }>(
  app: OpenAPIHono<AppEnv>,
  r: EndingRoutes<V>,
): void {
  const params = PartnershipParam.extend({ [r.param]: z.string().openapi({ param: { name: r.param, in: "path" } }) });
  const ok = (description: string) => ({ description, content: { "application/json": { schema: r.schema } } });
  const idOf = (c: { req: { param: (name: string) => string | undefined } }) => c.req.param(r.param) as string;
  const withdrawBody = noBody(`withdrawing a ${r.noun}`);
  app.openapi(
    createRoute({
      method: "post",
      path: `${r.base}/{${r.param}}/decline`,
      tags: [r.tag],
      summary: `Decline a proposed ${r.noun} for the key's partner, with a reason (approver)`,
      description: `An approver's answer instead of its partner's consent: the ${r.noun} becomes \`declined\` and ${r.unchanged}; later consents, declines and withdrawals answer 409 \`INVALID_STATE\`, as does a decline by a partner that has consented or of a version that is no longer \`proposed\`.`,
      security: bearer,
      request: { params, body: { content: { "application/json": { schema: DeclineInput } }, required: true } },
      responses: { 200: ok("The declined version"), ...problems(403, 404, 409, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "rule:consent");
      const version = await r.decline(c.var.store, id, idOf(c), c.req.valid("json").reason, c.var.actor);
      setVersion(c, version.version);
      return send(c, version);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: `${r.base}/{${r.param}}/withdraw`,
      tags: [r.tag],
      summary: `Withdraw a proposed ${r.noun} (finance, admin of the proposer's partner)`,
      description: `The ${r.noun} becomes \`withdrawn\` and ${r.unchanged}. A key of another partner than the one the proposer acted for answers 403 \`NOT_PERMITTED\`; a version no longer \`proposed\` answers 409 \`INVALID_STATE\`.`,
      security: bearer,
      request: { params, body: withdrawBody.body },
      middleware: withdrawBody.middleware,
      responses: { 200: ok("The withdrawn version"), ...problems(403, 404, 409, 415, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, r.withdrawPermission);
      const version = await r.withdraw(c.var.store, id, idOf(c), c.var.actor);
      setVersion(c, version.version);
      return send(c, version);
    },
  );
}
