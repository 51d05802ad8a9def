import { type OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "./AppEnv.js";
import { type ValidationOutcome, validationHook } from "./validationHook.js";

/**
 * A route whose query is strict: the query schema it declares (none: an empty one) refuses any
 * other parameter.
 *
 * @param route - the route as declared
 * @returns the route to register, and the names of the query parameters it takes
 * @throws Error at start-up for a query schema that is not a zod object (its parameters unknown)
 */
function strictQueryOf(route: RouteConfig): { route: RouteConfig; names: string[] } {
  const declared = route.request?.query ?? z.object({});
  if (!(declared instanceof z.ZodObject))
    throw new Error(`${route.method.toUpperCase()} ${route.path}: a query schema must be a zod object`);
  const names = Object.keys(declared.shape);
  return { route: { ...route, request: { ...route.request, query: declared.strict() } }, names };
}

/**
 * Makes every route the app registers with `app.openapi` refuse a query parameter it does not
 * declare, in one place instead of route by route: a typo (`?servce=ICT`) or a filter a list does
 * not have answers 422 `VALIDATION_FAILED` naming each such parameter (its path is its name, as for
 * a bad value) and the parameters the route takes, instead of a silently unfiltered answer. A route
 * that declares no query takes none. Call it once, before any route is registered.
 *
 * @param app - the app, its routes not yet registered
 */
export function refuseUnknownQueries(app: OpenAPIHono<AppEnv>): void {
  const register = app.openapi;
  const strict = (route: RouteConfig, handler: unknown, hook?: unknown) => {
    const { route: withStrictQuery, names } = strictQueryOf(route);
    const hookOf = hook ?? ((result: ValidationOutcome, c: Context<AppEnv>) => validationHook(result, c, names));
    return (register as (route: RouteConfig, handler: unknown, hook: unknown) => OpenAPIHono<AppEnv>)(
      withStrictQuery,
      handler,
      hookOf,
    );
  };
  app.openapi = strict as typeof app.openapi;
}
