import { scenarioJsonSchema } from "@3c/domain";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyBytes, type Calculations, sendJsonBytes } from "../calculate/index.js";
import type { AppEnv } from "../http/AppEnv.js";
import { requirePermission } from "../http/auth.js";
import { bearer, problems, send } from "../http/schemas.js";

const ValidateInput = z
  .strictObject({
    scenario: z
      .record(z.string(), z.unknown())
      .openapi({ description: "A whole scenario document: the JSON Schema at GET /v1/schema" }),
  })
  .openapi("ValidateInput");

const Issue = z.strictObject({
  path: z.string(),
  message: z.string(),
  code: z.string().optional().openapi({
    description: "The domain's stable code of the issue, where a client may act on its kind (MISSING_DRIVER)",
  }),
});
const Validation = z
  .union([
    z.strictObject({
      valid: z.literal(true),
      counts: z.strictObject({
        partners: z.number().int(),
        services: z.number().int(),
        rules: z.number().int(),
        costLines: z.number().int(),
        income: z.number().int(),
        drivers: z.number().int(),
      }),
    }),
    z.strictObject({ valid: z.literal(false), issues: z.array(Issue) }),
  ])
  .openapi("Validation");

// The schema never changes while the process runs: made once, on first request.
let schema: Record<string, unknown> | undefined;

/**
 * Registers the stateless checks a council's own tools use before sending anything: validate a
 * scenario document with the domain's rules (every problem with its path, nothing stored), and
 * the document's JSON Schema.
 *
 * @param app - the app
 * @param calculations - where checks run (worker threads for large documents, or the event loop)
 */
export function registerValidate(app: OpenAPIHono<AppEnv>, calculations: Calculations): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/validate",
      tags: ["Calculate"],
      summary: "Check a scenario document with the domain's rules and list every problem; nothing is stored",
      description:
        "Answers 200 whether the document is valid or not: `valid: false` lists every problem with its path in the document (`costLines[42].amount`), as `3c validate` does, and, where a client may act on the kind of problem, the domain's stable `code` (a rule's driver with no quantities: `MISSING_DRIVER`).",
      security: bearer,
      request: { body: { content: { "application/json": { schema: ValidateInput } }, required: true } },
      responses: {
        200: { description: "The verdict", content: { "application/json": { schema: Validation } } },
        ...problems(413, 422),
      },
    }),
    async (c) => {
      requirePermission(c, "calculate");
      const answer = await calculations.run({ kind: "validate", scenario: c.req.valid("json").scenario }, bodyBytes(c));
      return sendJsonBytes(c, answer);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/schema",
      tags: ["Calculate"],
      summary: "The scenario document's JSON Schema (draft 2020-12), as `3c schema` prints it",
      security: bearer,
      responses: {
        200: {
          description: "The JSON Schema",
          content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
        },
      },
    }),
    async (c) => {
      requirePermission(c, "calculate");
      schema ??= scenarioJsonSchema();
      return send(c, schema);
    },
  );
}
