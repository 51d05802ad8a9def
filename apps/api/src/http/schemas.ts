import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The RFC 9457 problem document every error answers with. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/problems/period-closed" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: "Stable machine-readable code", example: "PERIOD_CLOSED" }),
    instance: z.string().openapi({ description: "The request id" }),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          code: z.string().optional().openapi({
            description:
              "The kind of problem, where a client may act on it by kind: the domain's stable issue code, e.g. MISSING_DRIVER (import the driver's quantities). Absent on the others; the message may be reworded, the code is stable",
            example: "MISSING_DRIVER",
          }),
          row: z.number().int().optional(),
          column: z.string().optional(),
        }),
      )
      .optional(),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

/**
 * The error responses a route documents, by status.
 *
 * @param statuses - the statuses besides 401 (always documented)
 * @returns the OpenAPI responses
 */
export function problems(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    401: "Missing or unknown API key",
    403: "The key's role may not do this",
    404: "Not found, or outside the key's partnership or partner (no existence leak)",
    409: "Conflicts with the current state (closed period, already exists, wrong status)",
    412: "If-Match does not match the current version",
    413: "Request body too large",
    415: "A body of a content type the route does not take",
    422: "Invalid request: every problem with its path (and row and column for imports)",
  };
  return Object.fromEntries(
    [401, ...statuses].map((s) => [s, { description: descriptions[s] ?? "Error", content: problemContent }]),
  );
}

/** The partnership path parameter. */
export const PartnershipParam = z.object({
  partnership: z.string().openapi({ param: { name: "partnership", in: "path" }, example: "3c" }),
});

/** Security requirement of every `/v1` route. */
export const bearer = [{ bearer: [] }];

/**
 * Answers JSON. Typed `never` so handlers may return it whatever response schema their route
 * documents: the schemas describe the wire format; the store's readonly types are the source.
 *
 * @param c - the request context
 * @param data - the body
 * @param status - the status (default 200)
 * @returns the response
 */
export function send(c: Context, data: unknown, status: ContentfulStatusCode = 200): never {
  return c.json(data as object, status) as never;
}
