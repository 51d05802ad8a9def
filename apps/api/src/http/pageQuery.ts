import { z } from "@hono/zod-openapi";
import { integerQuery } from "./integerQuery.js";

/**
 * The query parameters of a paged list, the same on every list: `limit` (1–10,000, default 100)
 * and `cursor` (the `nextCursor` of the previous page). Spread it into the list's query schema
 * beside its filters.
 *
 * @example
 * query: z.object({ period: z.string().optional(), ...pageQuery })
 */
export const pageQuery = {
  limit: integerQuery({ min: 1, max: 10_000, default: 100, description: "Items per page" }),
  cursor: z.string().optional().openapi({ description: "The nextCursor of the previous page" }),
};
