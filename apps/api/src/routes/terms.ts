import { SECTION_NAMES, SETTINGS_TERMS, type Store, type TermsInForce, type TermsSubject } from "@3c/store";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../http/AppEnv.js";
import { partnershipFor, setVersion } from "../http/auth.js";
import { noBody } from "../http/noBody.js";
import { ApiProblem } from "../http/problem.js";
import { bearer, PartnershipParam, problems, send } from "../http/schemas.js";
import { applyTerms, sectionSpans, termsOf } from "./sectionRules.js";
import { ProposalFields, registerEndings, StatusQuery } from "./versionEndings.js";

/** What a terms version may change: a section's partnership-wide terms, or the partnership's settings. */
const TermsSubjectSchema = z.enum([...SECTION_NAMES, SETTINGS_TERMS]).openapi({
  description:
    "The section whose partnership-wide terms it changes, or `settings` for the partnership's settings (FX rounding, support services)",
});
/** A proposed change of a section's partnership-wide terms and the consents it has gathered. */
export const TermsVersionSchema = z
  .object({
    id: z.string().openapi({ example: "terms-1" }),
    section: TermsSubjectSchema,
    body: z.unknown().openapi({ description: "The section as proposed; its partnership-wide terms take effect" }),
    base: z
      .unknown()
      .openapi({ description: "The section as stored when proposed (null if none): what the terms change" }),
    effectiveFrom: z.string().nullable().openapi({
      description:
        "The first financial year the terms rate once active (`?effectiveFrom=` of the proposing write; by default the year after the last one with a closed period); null: from the beginning",
      example: "2025/26",
    }),
    ...ProposalFields,
  })
  .openapi("TermsVersion");
/** A stretch of financial years over which one section's terms are in force. */
export const TermsInForceSchema = z
  .object({
    section: TermsSubjectSchema,
    effectiveFrom: z
      .string()
      .nullable()
      .openapi({ description: "The first year it rates; null: from the beginning", example: "2025/26" }),
    until: z.string().nullable().openapi({ description: "The first year it no longer rates; null: still in force" }),
    termsVersion: z.string().nullable().openapi({
      description: "The terms version in force; null: the terms as stored before any version took effect",
      example: "terms-2",
    }),
    agreedAt: z
      .string()
      .nullable()
      .openapi({ description: "When the version took effect (its last consent); null: before any version" }),
  })
  .openapi("TermsInForce");
const TermsParam = PartnershipParam.extend({ terms: z.string().openapi({ param: { name: "terms", in: "path" } }) });
const base = "/v1/partnerships/{partnership}/terms";
const consentBody = noBody("consenting to a terms version");
const ok = (description: string) => ({ description, content: { "application/json": { schema: TermsVersionSchema } } });

/**
 * Which terms rate each year, for every stored section with partnership-wide terms and for the
 * settings: its recorded history, or — for a section whose terms no version has changed, and
 * settings no version has — its stored terms, from the beginning.
 */
async function termsInForce(store: Store, id: string): Promise<TermsInForce[]> {
  const [history, sections, partnership] = await Promise.all([
    store.listTermsInForce(id),
    store.getSections(id),
    store.getPartnership(id),
  ]);
  const recorded = new Set<string>(history.map((s) => s.section));
  const stored: TermsSubject[] = [
    ...SECTION_NAMES.filter((s) => sections[s] !== undefined && termsOf(s, sections[s]).length > 0),
    ...(partnership !== undefined && Object.keys(partnership.settings).length > 0 ? [SETTINGS_TERMS] : []),
  ];
  const asStored = stored
    .filter((section) => !recorded.has(section))
    .map((section) => ({ section, effectiveFrom: null, until: null, termsVersion: null, agreedAt: null }));
  const order: readonly string[] = [...SECTION_NAMES, SETTINGS_TERMS];
  return [...history, ...asStored].sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
}

/**
 * Registers terms versions: a section write that changes partnership-wide terms (`PUT
 * …/sections/{section}`, answered 202) waits here until an approver of every partner consents,
 * as a rule version does; list, read, consent, decline, withdraw.
 *
 * @param app - the app
 */
export function registerTerms(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: "get",
      path: base,
      tags: ["Sections"],
      summary:
        "Proposed, active, declined and withdrawn changes of sections' partnership-wide terms, with their consents",
      security: bearer,
      request: { params: PartnershipParam, query: StatusQuery },
      responses: {
        200: {
          description:
            "The terms versions, in the order proposed, and which terms rate each financial year (`inForce`): for every stored section with partnership-wide terms, and for the partnership's settings (section `settings`), its stretches of years, oldest first, each naming the version in force (null: the terms as stored before any version). `GET …/sections/{section}?year=` gives the section as a year's reports read it; `GET /v1/partnerships/{partnership}` the settings of each stretch.",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(TermsVersionSchema), inForce: z.array(TermsInForceSchema) }),
            },
          },
        },
        ...problems(404),
      },
    }),
    async (c) => {
      const { status } = c.req.valid("query");
      const id = partnershipFor(c, "read:shared");
      const [items, inForce] = await Promise.all([c.var.store.listTerms(id), termsInForce(c.var.store, id)]);
      return send(c, { items: status === undefined ? items : items.filter((t) => t.status === status), inForce });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: `${base}/{terms}`,
      tags: ["Sections"],
      summary: "One terms version",
      security: bearer,
      request: { params: TermsParam },
      responses: { 200: ok("The terms version"), ...problems(404) },
    }),
    async (c) => {
      const id = partnershipFor(c, "read:shared");
      const [terms] = await c.var.store.listTerms(id, c.req.valid("param").terms);
      if (terms === undefined)
        throw new ApiProblem("NOT_FOUND", `no terms version ${JSON.stringify(c.req.valid("param").terms)}`);
      setVersion(c, terms.version);
      return send(c, terms);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: `${base}/{terms}/consent`,
      tags: ["Sections"],
      summary: "Record the key's partner's consent (approver); the last one puts the terms into the section",
      description:
        "A version whose section's partnership-wide terms (or, for `settings`, the partnership's settings) were changed by another since it was proposed is stale: every consent answers 409 `INVALID_STATE`, and the terms must be proposed again. When the last partner awaited consents, the proposed partnership-wide terms are written into the section as it is stored then (the services' parts stay as their leads left them), checked as any section write: a change dated in a closed period answers 409 `PERIOD_CLOSED`, an invalid section 422, and then the consent is not recorded either. A settings version replaces the settings whole and charges the years from its `effectiveFrom` on; a period of that year or later closed meanwhile answers 409 `PERIOD_CLOSED`.",
      security: bearer,
      request: { params: TermsParam, body: consentBody.body },
      middleware: consentBody.middleware,
      responses: { 200: ok("The terms version after the consent"), ...problems(403, 404, 409, 415, 422) },
    }),
    async (c) => {
      const id = partnershipFor(c, "rule:consent");
      const terms = await c.var.store.consentTerms(id, c.req.valid("param").terms, c.var.actor, {
        apply: applyTerms,
        dated: sectionSpans,
        termsOf,
      });
      setVersion(c, terms.version);
      return send(c, terms);
    },
  );

  registerEndings(app, {
    base,
    param: "terms",
    tag: "Sections",
    schema: TermsVersionSchema,
    noun: "terms version",
    unchanged: "the section stays as it is",
    withdrawPermission: "write:sections",
    decline: (store, p, id, reason, actor) => store.declineTerms(p, id, reason, actor),
    withdraw: (store, p, id, actor) => store.withdrawTerms(p, id, actor),
  });
}
