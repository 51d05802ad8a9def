import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./AppEnv.js";
import { ApiProblem } from "./problem.js";

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** What an action route that takes no body declares and checks. */
export interface NoBody {
  /** The route's `request.body`: optional, and if sent, an empty JSON object. */
  readonly body: {
    readonly content: {
      readonly "application/json": {
        readonly schema: { type: "object"; maxProperties: 0; additionalProperties: false; description: string };
      };
    };
    readonly required: false;
    readonly description: string;
  };
  /** The route's `middleware`: refuses any body but none, whitespace or `{}`. */
  readonly middleware: MiddlewareHandler<AppEnv>;
}

/**
 * The body of an action route (approve, post, close, consent, withdraw) that takes none: the server
 * sets who did it, when and the resulting state, so a client that sends any of them is told so
 * rather than silently ignored. No body, a blank one or `{}` passes; a JSON object with keys answers
 * 422 `VALIDATION_FAILED` with one error per key (`path` = the key); any other JSON value 422;
 * malformed JSON 400 `BAD_REQUEST`; a body that is not JSON 415 `UNSUPPORTED_MEDIA_TYPE`, as on
 * every other route.
 *
 * @param action - what the route does, for the messages (e.g. "approving a run")
 * @returns the OpenAPI body declaration and the middleware that enforces it
 * @throws ApiProblem `VALIDATION_FAILED`, `BAD_REQUEST`, `UNSUPPORTED_MEDIA_TYPE` (from the middleware)
 * @example
 * const none = noBody("approving a run");
 * createRoute({ method: "post", path, request: { params, body: none.body }, middleware: none.middleware, responses });
 */
export function noBody(action: string): NoBody {
  const takesNone = `${action} takes no body: the server sets who did it, when and the resulting state`;
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const text = await c.req.text();
    if (text.trim() === "") return next();
    const type = c.req.header("Content-Type");
    if (type === undefined || !JSON_TYPE.test(type))
      throw new ApiProblem("UNSUPPORTED_MEDIA_TYPE", `${takesNone}; send none, or {} as application/json`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiProblem("BAD_REQUEST", "Malformed JSON in request body");
    }
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw new ApiProblem("VALIDATION_FAILED", takesNone, [{ path: "", message: "expected no body or {}" }]);
    const keys = Object.keys(value);
    if (keys.length === 0) return next();
    throw new ApiProblem(
      "VALIDATION_FAILED",
      `${keys.length} problem(s) with the request: ${takesNone}`,
      keys.map((key) => ({ path: key, message: `not accepted: ${takesNone}` })),
    );
  };
  return {
    body: {
      content: {
        "application/json": {
          schema: {
            type: "object",
            maxProperties: 0,
            additionalProperties: false,
            description: "None, or {}: any field answers 422 naming it",
          },
        },
      },
      required: false,
      description: `Optional and empty: ${takesNone}`,
    },
    middleware,
  };
}
