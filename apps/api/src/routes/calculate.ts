import { ROUNDING_MODES } from "@3c/domain";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyBytes, type Calculations, sendJsonBytes } from "../calculate/index.js";
import type { AppEnv } from "../http/AppEnv.js";
import { requirePermission } from "../http/auth.js";
import { bearer, problems } from "../http/schemas.js";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected YYYY-MM-DD" });
const CalculateInput = z
  .strictObject({
    scenario: z
      .record(z.string(), z.unknown())
      .openapi({ description: "A whole scenario document: the JSON Schema @3c/domain/schema/scenario.schema.json" }),
    budget: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "The budget scenario, for a year's advances and true-up" }),
    period: z.string().openapi({ example: "2024/25-Q3" }),
    statements: z.strictObject({
      numbers: z.record(z.string(), z.string()),
      issueDate: date,
      dueDate: date.optional(),
      vat: z.strictObject({ ratePercent: z.string(), rounding: z.enum(ROUNDING_MODES) }).optional(),
    }),
  })
  .openapi("CalculateInput");

/**
 * Registers the stateless calculation: a scenario in, the domain's recharge run out, nothing stored.
 *
 * @param app - the app
 * @param calculations - where calculations run (worker threads, or the event loop)
 */
export function registerCalculate(app: OpenAPIHono<AppEnv>, calculations: Calculations): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/calculate",
      tags: ["Calculate"],
      summary: "Run a whole scenario document and return the recharge run; nothing is stored",
      security: bearer,
      request: { body: { content: { "application/json": { schema: CalculateInput } }, required: true } },
      responses: {
        200: {
          description: "The domain's recharge run",
          content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
        },
        ...problems(413, 422),
      },
    }),
    async (c) => {
      requirePermission(c, "calculate");
      const answer = await calculations.run({ kind: "calculate", input: c.req.valid("json") }, bodyBytes(c));
      return sendJsonBytes(c, answer);
    },
  );
}
