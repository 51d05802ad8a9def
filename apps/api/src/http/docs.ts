import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, gzip, constants as zlibConstants } from "node:zlib";
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
 * work on a network with no way out. The bundle (2.9 MB) goes Brotli- or gzip-compressed when the
 * client accepts it ({@link preferredCoding}), each coding made once and kept, with a strong `ETag`
 * per coding, `Vary: Accept-Encoding`, and 304 to an `If-None-Match` that names it. The page carries
 * its own Content-Security-Policy ({@link docsContentSecurityPolicy}); the app's secure headers
 * leave it alone.
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

  const variants = new Map<ContentCoding, Promise<EncodedAsset>>();
  // Each coding is made once, on the first request that asks for it, and kept; a failed read or
  // compression is tried again on the next request.
  const variant = (coding: ContentCoding): Promise<EncodedAsset> => {
    let made = variants.get(coding);
    if (made === undefined) {
      made = (
        coding === "identity" ? readFile(SCALAR_SCRIPT_FILE) : variant("identity").then((v) => compress(v.body, coding))
      )
        .then((body) => encodedAsset(body, coding))
        .catch((error: unknown) => {
          variants.delete(coding);
          throw error;
        });
      variants.set(coding, made);
    }
    return made;
  };
  app.get(SCALAR_SCRIPT_PATH, async (c) => {
    const { body, etag, coding } = await variant(preferredCoding(c.req.header("Accept-Encoding")));
    const headers: Record<string, string> = {
      "Cache-Control": "public, max-age=31536000, immutable",
      ETag: etag,
      Vary: "Accept-Encoding",
    };
    if (ifNoneMatchMatches(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
    if (coding !== "identity") headers["Content-Encoding"] = coding;
    return c.body(body, 200, { ...headers, "Content-Type": "text/javascript; charset=utf-8" });
  });
}

/** A content coding the docs bundle is served in (RFC 9110 §8.4.1). */
export type ContentCoding = "br" | "gzip" | "identity";

/** The bundle's bytes in one coding, with the strong entity tag of exactly those bytes. */
interface EncodedAsset {
  readonly coding: ContentCoding;
  readonly body: Uint8Array<ArrayBuffer>;
  readonly etag: string;
}

// Brotli quality 5: 2.9 MB of JavaScript in about 0.3–0.7 s once, 8% smaller than gzip's best;
// quality 11 takes 10–20 s for 13% more (measured in docs/decisions.md).
const BROTLI_QUALITY = 5;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

function compress(body: Uint8Array, coding: "br" | "gzip"): Promise<Buffer> {
  // node:zlib's asynchronous calls run on libuv's thread pool, not on the event loop.
  return coding === "gzip"
    ? gzipAsync(body, { level: zlibConstants.Z_BEST_COMPRESSION })
    : brotliAsync(body, {
        params: {
          [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
          [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
}

function encodedAsset(body: Buffer, coding: ContentCoding): EncodedAsset {
  // A strong tag names these very bytes: each coding is a representation of its own (RFC 9110 §8.8.3).
  const digest = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  // Copied once into a plain byte array, the form a response body takes, not on every request.
  return { coding, body: new Uint8Array(body), etag: `"${digest}${coding === "identity" ? "" : `.${coding}`}"` };
}

// Among equally acceptable codings the smallest wins.
const UNNAMED_IDENTITY = 0.0001; // below the least weight a header can give (q=0.001)
const PREFERENCE: readonly ContentCoding[] = ["br", "gzip", "identity"];

/**
 * The content coding to answer in, from a request's `Accept-Encoding` (RFC 9110 §12.5.3): the
 * acceptable coding of highest weight among Brotli, gzip and none, the smallest on a tie. No header
 * asks for no coding; `*` stands for every coding the header does not name; `q=0` refuses one; no
 * coding, unless named (or covered by `*`), comes after every coding the client names. When the
 * header refuses all three, the bundle goes uncompressed (rather than 406).
 *
 * @param acceptEncoding - the header's value, if sent
 * @returns `br`, `gzip` or `identity`
 * @example preferredCoding("gzip, deflate, br") // "br"
 */
export function preferredCoding(acceptEncoding: string | undefined): ContentCoding {
  if (acceptEncoding === undefined) return "identity";
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.split(";").map((p) => p.trim());
    if (name === "") continue;
    const q = params.map((p) => /^q=([01](?:\.\d{0,3})?)$/i.exec(p)).find((m) => m !== null);
    weights.set(name.toLowerCase(), q === undefined || q === null ? 1 : Number(q[1]));
  }
  const star = weights.get("*");
  // No coding, unless named or covered by `*`, is acceptable but below any coding the client names.
  const weightOf = (coding: ContentCoding): number =>
    weights.get(coding) ?? star ?? (coding === "identity" ? UNNAMED_IDENTITY : 0);
  let best: ContentCoding = "identity";
  let bestWeight = 0;
  for (const coding of PREFERENCE) {
    const w = weightOf(coding);
    if (w > bestWeight) {
      best = coding;
      bestWeight = w;
    }
  }
  return best;
}

/**
 * Whether an `If-None-Match` header names an entity tag (by the weak comparison RFC 9110 §13.1.2
 * asks for, so `W/"x"` matches `"x"`), or is `*`.
 *
 * @param header - the header's value, if sent
 * @param etag - the current representation's entity tag, quoted
 * @returns true when the client's copy is current (answer 304)
 * @example ifNoneMatchMatches('W/"abc", "def"', '"abc"') // true
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return [...header.matchAll(/(?:W\/)?("[^"]*")/g)].some((m) => m[1] === opaque);
}
