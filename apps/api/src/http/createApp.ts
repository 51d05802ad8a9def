import { randomUUID } from "node:crypto";
import { plainMessage } from "@3c/domain";
import type { Store } from "@3c/store";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { methodNotAllowed } from "hono/method-not-allowed";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import { type Calculations, inlineCalculations } from "../calculate/index.js";
import { registerCalculate } from "../routes/calculate.js";
import { registerPartnership } from "../routes/partnership.js";
import { registerPeriods } from "../routes/periods.js";
import { registerRecords } from "../routes/records.js";
import { registerReports } from "../routes/reports.js";
import { registerRules } from "../routes/rules.js";
import { registerRuns } from "../routes/runs.js";
import { registerSectionItems } from "../routes/sectionItems.js";
import { registerTerms } from "../routes/terms.js";
import { registerValidate } from "../routes/validate.js";
import type { AppEnv } from "./AppEnv.js";
import { authenticate } from "./auth.js";
import { bodyLimits } from "./bodyLimit.js";
import { DOCS_PATH, registerDocs } from "./docs.js";
import { idempotency } from "./idempotency.js";
import { withConventions } from "./openApiConventions.js";
import { ApiProblem, problem, sendProblem, toProblem } from "./problem.js";
import { API_PROBLEMS } from "./problemCodes.js";
import { DEFAULT_RATE_LIMIT, type RateLimit, rateLimit } from "./rateLimit.js";
import { refuseUnknownQueries } from "./strictQueries.js";
import { validationHook } from "./validationHook.js";

/** What the app is made of: the store and the logger. */
export interface AppOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** Where `POST /v1/calculate` and `/v1/validate` run: a {@link CalculationPool} of worker threads; default the event loop. */
  readonly calculations?: Calculations;
  /** Largest request body accepted, JSON and CSV alike (tests); overrides the two below. */
  readonly maxBodyBytes?: number;
  /** Largest JSON (or other non-CSV) body, in bytes; default 32 MiB (100,000 cost lines are about 15 MiB). */
  readonly maxJsonBytes?: number;
  /** Largest CSV body (`text/csv`), in bytes; default 64 MiB (100,000 cost lines are about 6 MiB). */
  readonly maxCsvBytes?: number;
  /** Requests per API key and window; default {@link DEFAULT_RATE_LIMIT}; `false` turns it off. */
  readonly rateLimit?: RateLimit | false;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Builds the HTTP API over a store: every route, OpenAPI at `/openapi.json`, docs at `/docs`, health
 * at `/health` (and `/healthz`); secure headers on every response; problem+json for every error; a request id and a structured log line per request.
 *
 * @param options - store and logger
 * @returns the Hono app (serve it, or call `app.request()` in tests)
 * @example
 * const app = createApp({ store: await Store.open({ memory: true }), logger: pino() });
 * const res = await app.request("/healthz");
 */
export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const { store, logger } = options;
  // Every request's problems in the domain's words ("is required; expected text"), not zod's
  // ("Invalid input: expected string, received undefined"): the API's own schemas are zod's too.
  z.config({ customError: plainMessage });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Before any route: every route registered from here on refuses a query parameter it does not take.
  refuseUnknownQueries(app);

  app.use(async (c, next) => {
    const given = c.req.header("X-Request-Id");
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    c.set("requestId", requestId);
    c.set("store", store);
    c.set("logger", logger);
    c.header("X-Request-Id", requestId);
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        ...(c.var.key === undefined ? {} : { key: c.var.key.id, partner: c.var.key.partner, role: c.var.key.role }),
      },
      "request",
    );
  });
  // Nothing the API answers is a page to run scripts in or frame: its CSP allows nothing. The docs
  // page sets its own, allowing exactly its bundle and start-up script (docs.ts).
  const apiHeaders = secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } });
  const docsHeaders = secureHeaders();
  app.use((c, next) => (c.req.path === DOCS_PATH ? docsHeaders(c, next) : apiHeaders(c, next)));
  const limits = {
    json: options.maxBodyBytes ?? options.maxJsonBytes ?? 32 * 1024 * 1024,
    csv: options.maxBodyBytes ?? options.maxCsvBytes ?? 64 * 1024 * 1024,
  };
  app.use(bodyLimits(limits));
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        const m = API_PROBLEMS.METHOD_NOT_ALLOWED;
        return sendProblem(
          c,
          problem(
            "METHOD_NOT_ALLOWED",
            m.status,
            m.title,
            `${c.req.method} is not allowed here; use ${methods.join(", ")}`,
            c.var.requestId,
          ),
          { Allow: methods.join(", ") },
        );
      },
    }),
  );

  const health = async (c: Context<AppEnv>) => {
    const ok = await store.ping().catch(() => false);
    if (!ok) throw new ApiProblem("DATABASE_UNAVAILABLE", "the database does not answer");
    return c.json({ status: "ok", database: store.db.kind });
  };
  app.get("/", (c) => c.json({ name: "3c API", docs: "/docs", openapi: "/openapi.json", health: "/health" }));
  app.get("/health", health);
  app.get("/healthz", health);
  // Generated from the routes' zod schemas on first request (every route is registered by then),
  // with what the middleware does for every route added (openApiConventions.ts).
  let openapi: unknown;
  app.get("/openapi.json", (c) => {
    openapi ??= withConventions(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "3c API",
          version: "0.1.0",
          description:
            "A partnership's shared-service data, recharge runs and statements; each council sees what it is entitled to. Every error is application/problem+json.",
        },
      }),
    );
    // The server is the one that answered, by the origin the client used: the docs' "try it"
    // requests go there. (Scalar joins a relative server URL to the document's own path, so "/"
    // would send them to /openapi.json/v1/….)
    return c.json({
      ...(openapi as object),
      servers: [{ url: new URL(c.req.url).origin, description: "This server" }],
    });
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API key: 3c_ followed by 43 characters. Bound to one partnership, partner and role.",
  });
  registerDocs(app);

  app.use("/v1/*", authenticate());
  if (options.rateLimit !== false) app.use("/v1/*", rateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT));
  app.use("/v1/*", idempotency());
  registerPartnership(app);
  registerRecords(app);
  registerPeriods(app);
  registerRuns(app);
  registerRules(app);
  const calculations = options.calculations ?? inlineCalculations;
  registerCalculate(app, calculations);
  registerValidate(app, calculations);
  registerReports(app);
  registerSectionItems(app);
  registerTerms(app);

  app.notFound((c) => {
    const m = API_PROBLEMS.NOT_FOUND;
    return sendProblem(c, problem("NOT_FOUND", m.status, m.title, `nothing at ${c.req.path}`, c.var.requestId));
  });
  app.onError((error, c) => {
    const requestId = c.var.requestId ?? randomUUID();
    const { problem: body, unexpected } = toProblem(error, requestId);
    if (unexpected) logger.error({ requestId, err: error }, "unexpected error");
    return sendProblem(c, body, body.status === 401 ? { "WWW-Authenticate": 'Bearer realm="3c"' } : {});
  });
  return app;
}
