import { z } from "@hono/zod-openapi";

/**
 * The query of a write that may propose terms: `effectiveFrom`, the first financial year they rate
 * once agreed (`2025/26`, or `2025-26` as in a URL), optional.
 *
 * @param description - what the year dates, for the API reference
 * @returns the query's schema
 * @example
 * request: { query: effectiveFromQuery("The first financial year the proposed settings charge once agreed, e.g. 2025/26") }
 */
export function effectiveFromQuery(description: string) {
  return z.object({
    effectiveFrom: z
      .string()
      .regex(/^\d{4}[/-]\d{2}$/, { error: "expected a financial year such as 2025/26" })
      .optional()
      .openapi({ description, example: "2025/26" }),
  });
}
