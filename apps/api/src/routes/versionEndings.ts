import { z } from "@hono/zod-openapi";

/** The statuses of a rule or terms version, in the order they can be reached. */
export const VERSION_STATUSES = ["proposed", "active", "declined", "withdrawn"] as const;

/** The fields every rule and terms version has about its proposer's partner and how it ended unagreed. */
export const VersionEndingFields = {
  status: z.enum(VERSION_STATUSES).openapi({
    description:
      "`proposed` until an approver of every partner consents, then `active`; `declined` (by a partner's approver) or `withdrawn` (by the proposer's partner) ends it without effect",
  }),
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
