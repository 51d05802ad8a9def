import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { AppEnv } from "./AppEnv.js";

/** Where the interactive API reference is served. */
export const DOCS_PATH = "/docs";

/** Where the reference's browser bundle is served, from the installed `@scalar/api-reference` package. */
export const SCALAR_SCRIPT_PATH = "/docs/scalar.js";

const require = createRequire(import.meta.url);
// Resolved through the package's exports map, from wherever this module runs (src/ or the built dist/).
const SCALAR_SCRIPT_FILE = require.resolve("@scalar/api-reference/browser/standalone.js");
// The package's version makes the bundle's URL, so a new version is never served from a stale cache.
const SCALAR_VERSION = (
  JSON.parse(readFileSync(join(dirname(SCALAR_SCRIPT_FILE), "../../package.json"), "utf8")) as { version: string }
).version;

/**
 * The Content-Security-Policy of the docs page: scripts from this origin (the bundle) and the page's
 * own inline start-up script by its hash, styles from here and inline (the reference injects its
 * styles at run time), requests to this origin only, nothing from any other host.
 *
 * @param html - the docs page as served
 * @returns the header value
 */
export function docsContentSecurityPolicy(html: string): string {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) =>
      `'sha256-${createHash("sha256")
        .update(m[1] ?? "")
        .digest("base64")}'`,
  );
  return [
    "default-src 'none'",
    `script-src 'self' ${inline.join(" ")}`.trimEnd(),
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Registers `/docs` (the Scalar API reference over `/openapi.json`) and `/docs/scalar.js` (its browser
 * bundle, read from the installed npm package, cached for a year under a versioned URL), so the docs
 * work on a network with no way out. The page carries its own Content-Security-Policy
 * ({@link docsContentSecurityPolicy}); the app's secure headers leave it alone.
 *
 * @param app - the app to register on
 * @returns nothing
 */
export function registerDocs(app: OpenAPIHono<AppEnv>): void {
  const page = Scalar<AppEnv>({
    url: "/openapi.json",
    // The option that names the script's URL (the library's default is a public CDN).
    cdn: `${SCALAR_SCRIPT_PATH}?v=${SCALAR_VERSION}`,
    // The default fonts come from another host; the reference falls back to the system's.
    withDefaultFonts: false,
    pageTitle: "3c API",
  });
  let rendered: Promise<{ html: string; csp: string }> | undefined;
  app.get(DOCS_PATH, async (c, next) => {
    // The page depends only on the fixed configuration above: render it (and hash its inline script) once.
    rendered ??= (async () => {
      const res = await page(c, next);
      if (!(res instanceof Response)) throw new Error("the API reference rendered no page");
      const html = await res.text();
      return { html, csp: docsContentSecurityPolicy(html) };
    })();
    const { html, csp } = await rendered;
    c.header("Content-Security-Policy", csp);
    return c.html(html);
  });

  let script: Promise<Buffer> | undefined;
  app.get(SCALAR_SCRIPT_PATH, async (c) => {
    script ??= readFile(SCALAR_SCRIPT_FILE).catch((error: unknown) => {
      script = undefined; // a failed read is tried again on the next request
      throw error;
    });
    const body = await script;
    return c.body(new Uint8Array(body), 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
    });
  });
}
