import { UNSAFE_METHODS } from "./idempotency.js";

/** The parts of an OpenAPI 3.1 document this module reads and adds to. */
interface Document {
  readonly paths?: Record<string, Record<string, unknown>>;
}

interface Operation {
  parameters?: { name: string; in: string }[];
  responses?: Record<string, unknown>;
}

const METHODS = new Set(["get", "put", "post", "patch", "delete"]);
const PROBLEM = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

/** What every `/v1` route may answer besides what it documents itself, by status. */
const COMMON_RESPONSES: Record<string, unknown> = {
  400: {
    description: "Malformed request: a body that is not valid JSON, or a bad Content-Length",
    content: PROBLEM,
  },
  401: { description: "Missing or unknown API key", content: PROBLEM },
  429: {
    description: "Too many requests for this API key in the window (RATE_LIMITED)",
    headers: {
      "Retry-After": { description: "Seconds until a request will be accepted again", schema: { type: "integer" } },
    },
    content: PROBLEM,
  },
  500: {
    description: "An internal error: nothing about it is disclosed; quote the request id (`instance`)",
    content: PROBLEM,
  },
};

const IDEMPOTENCY_KEY = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Makes the write safe to retry: the same key with the same method, path, query and body answers the first response again (Idempotent-Replayed: true); with another request 422 IDEMPOTENCY_KEY_REUSED; while the first is in flight 409 IDEMPOTENCY_IN_FLIGHT. Scoped to the API key; 1 to 255 visible ASCII characters, e.g. a UUID.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

/**
 * Adds to the generated document what the app's middleware does for every route, so that no route
 * has to repeat it: on every `/v1` operation the answers of the key check, the rate limit, the body
 * parser and an internal error (400, 401, 429 with `Retry-After`, 500, each problem+json), and on
 * every `/v1` POST, PUT, PATCH and DELETE the `Idempotency-Key` header the idempotency middleware honours.
 *
 * @param doc - the document as generated from the routes' zod schemas (changed in place)
 * @returns the same document
 */
export function withConventions<T extends object>(doc: T): T {
  for (const [path, operations] of Object.entries((doc as Document).paths ?? {})) {
    if (!path.startsWith("/v1/")) continue;
    for (const [method, value] of Object.entries(operations)) {
      if (!METHODS.has(method)) continue;
      const operation = value as Operation;
      operation.responses ??= {};
      const responses = operation.responses;
      for (const [status, response] of Object.entries(COMMON_RESPONSES)) responses[status] ??= response;
      if (
        UNSAFE_METHODS.has(method.toUpperCase()) &&
        !(operation.parameters ?? []).some((p) => p.name === IDEMPOTENCY_KEY.name)
      )
        operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
    }
  }
  return doc;
}
