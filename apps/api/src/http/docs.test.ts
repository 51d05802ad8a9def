import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing/index.js";
import { type ContentCoding, docsContentSecurityPolicy, ifNoneMatchMatches, preferredCoding } from "./docs.js";

const t = useTestApp({ seed: false });
const require = createRequire(import.meta.url);
const bundleFile = readFileSync(require.resolve("@scalar/api-reference/browser/standalone.js"));

describe("the docs page", () => {
  it("refers to no other host: its script comes from this API, versioned, and it loads no web fonts", async () => {
    const res = await t.call("GET", "/docs");
    const html = await res.text();
    expect([res.status, res.headers.get("Content-Type")?.startsWith("text/html")]).toEqual([200, true]);
    expect(html).not.toMatch(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    const bundle = require.resolve("@scalar/api-reference/browser/standalone.js");
    const { version } = JSON.parse(readFileSync(join(dirname(bundle), "../../package.json"), "utf8")) as {
      version: string;
    };
    expect(version).toBe("1.32.5");
    expect([...html.matchAll(/<script[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1])).toEqual([
      `/docs/scalar.js?v=${version}`,
    ]);
    expect(html).toContain('"url": "/openapi.json"');
    expect(html).toContain('"withDefaultFonts": false');
  });

  it("allows exactly its own bundle and its inline start-up script, by hash, and requests to this origin only", async () => {
    const res = await t.call("GET", "/docs");
    const html = await res.text();
    const start = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(start).toContain("Scalar.createApiReference");
    const hash = createHash("sha256").update(start).digest("base64");
    expect(res.headers.get("Content-Security-Policy")).toBe(
      [
        "default-src 'none'",
        `script-src 'self' 'sha256-${hash}'`,
        "style-src 'self' 'unsafe-inline'",
        "connect-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("serves the installed package's browser bundle as JavaScript, cached for a year", async () => {
    const res = await t.call("GET", "/docs/scalar.js?v=any");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(bundleFile)).toBe(true);
    expect(body.toString("utf8")).toContain("createApiReference");
  });

  it("sends the bundle gzip-compressed to a client that accepts gzip, the same bytes once decoded", async () => {
    const res = await t.call("GET", "/docs/scalar.js?v=any", { headers: { "Accept-Encoding": "gzip, deflate" } });
    expect([res.status, res.headers.get("Content-Encoding"), res.headers.get("Vary")]).toEqual([
      200,
      "gzip",
      "Accept-Encoding",
    ]);
    expect(res.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(bundleFile.length / 2);
    expect(gunzipSync(body).equals(bundleFile)).toBe(true);
  });

  it("prefers Brotli when the client accepts it as well as gzip", async () => {
    const res = await t.call("GET", "/docs/scalar.js", { headers: { "Accept-Encoding": "gzip, deflate, br, zstd" } });
    expect([res.status, res.headers.get("Content-Encoding"), res.headers.get("Vary")]).toEqual([
      200,
      "br",
      "Accept-Encoding",
    ]);
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).equals(bundleFile)).toBe(true);
  });

  it("sends the bundle as it is, still saying it varies, to a client that does not accept gzip or Brotli", async () => {
    for (const accept of [undefined, "", "identity", "deflate", "gzip;q=0, br;q=0", "*;q=0, identity"]) {
      const res = await t.call(
        "GET",
        "/docs/scalar.js",
        accept === undefined ? {} : { headers: { "Accept-Encoding": accept } },
      );
      const body = Buffer.from(await res.arrayBuffer());
      expect([accept, res.status, res.headers.get("Content-Encoding"), res.headers.get("Vary")]).toEqual([
        accept,
        200,
        null,
        "Accept-Encoding",
      ]);
      expect(body.equals(bundleFile)).toBe(true);
    }
  });

  it("tags each coding with a strong ETag of its own, the same on every request", async () => {
    const tags: Record<string, string | null> = {};
    for (const accept of ["identity", "gzip", "br", "gzip"]) {
      const res = await t.call("GET", "/docs/scalar.js", { headers: { "Accept-Encoding": accept } });
      const etag = res.headers.get("ETag");
      expect(etag).toMatch(/^"[A-Za-z0-9_.-]+"$/);
      if (accept in tags) expect(etag).toBe(tags[accept]);
      tags[accept] = etag;
    }
    expect(new Set(Object.values(tags)).size).toBe(3);
  });

  it("answers 304 with no body to an If-None-Match naming the coding's current ETag, and 200 otherwise", async () => {
    for (const accept of ["gzip", "br", "identity"]) {
      const first = await t.call("GET", "/docs/scalar.js", { headers: { "Accept-Encoding": accept } });
      const etag = first.headers.get("ETag") ?? "";
      for (const given of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
        const res = await t.call("GET", "/docs/scalar.js?v=any", {
          headers: { "Accept-Encoding": accept, "If-None-Match": given },
        });
        expect([accept, given, res.status, await res.text()]).toEqual([accept, given, 304, ""]);
        expect([res.headers.get("ETag"), res.headers.get("Vary"), res.headers.get("Cache-Control")]).toEqual([
          etag,
          "Accept-Encoding",
          "public, max-age=31536000, immutable",
        ]);
      }
      const stale = await t.call("GET", "/docs/scalar.js", {
        headers: { "Accept-Encoding": accept, "If-None-Match": '"stale"' },
      });
      expect([accept, stale.status]).toEqual([accept, 200]);
    }
    // A tag of another coding is another representation: the client gets this one whole.
    const gz = (await t.call("GET", "/docs/scalar.js", { headers: { "Accept-Encoding": "gzip" } })).headers.get("ETag");
    const res = await t.call("GET", "/docs/scalar.js", { headers: { "If-None-Match": gz ?? "" } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bundleFile)).toBe(true);
  });

  it("leaves every other answer a policy that allows nothing", async () => {
    for (const path of ["/healthz", "/openapi.json", "/nowhere", "/docs/scalar.js"]) {
      const res = await t.call("GET", path);
      expect([path, res.headers.get("Content-Security-Policy")]).toEqual([
        path,
        "default-src 'none'; frame-ancestors 'none'",
      ]);
    }
  });
});

describe("docsContentSecurityPolicy", () => {
  it("hashes every inline script of a page and none that has a src", () => {
    const csp = docsContentSecurityPolicy('<script src="/a.js"></script><script>one()</script><script>two()</script>');
    const h = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
    expect(csp.split("; ")[1]).toBe(`script-src 'self' ${h("one()")} ${h("two()")}`);
  });
});

describe("preferredCoding", () => {
  it("takes the acceptable coding of highest weight, Brotli before gzip before none on a tie", () => {
    const cases: [string | undefined, ContentCoding][] = [
      [undefined, "identity"],
      ["", "identity"],
      ["gzip", "gzip"],
      ["GZIP", "gzip"],
      ["br", "br"],
      ["gzip, br", "br"],
      ["br;q=0.5, gzip", "gzip"],
      ["gzip;q=0.2, identity;q=0.5", "identity"],
      ["*", "br"],
      ["*;q=0.5, br;q=0", "gzip"],
      ["deflate, compress", "identity"],
      ["gzip;q=0", "identity"],
      ["*;q=0", "identity"],
      ["x-gzip, gzip ; q=0.8", "gzip"],
    ];
    expect(cases.map(([header]) => [header, preferredCoding(header)])).toEqual(cases);
  });

  it("answers in Brotli or gzip only when the header accepts it, and whenever it accepts one at least as much as none", () => {
    const codings = ["br", "gzip", "identity", "deflate", "*"] as const;
    const entry = fc.record({
      coding: fc.constantFrom(...codings),
      q: fc.option(fc.constantFrom("0", "0.001", "0.5", "1", "1.000"), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.coding, maxLength: 5 }), (entries) => {
        const header = entries.map((e) => (e.q === undefined ? e.coding : `${e.coding};q=${e.q}`)).join(", ");
        // The weight the header gives a coding: its own, else `*`'s, else none (RFC 9110 §12.5.3).
        const weight = (coding: string): number | undefined => {
          const e = entries.find((x) => x.coding === coding) ?? entries.find((x) => x.coding === "*");
          return e === undefined ? undefined : Number(e.q ?? "1");
        };
        const chosen = preferredCoding(header);
        const compressed = Math.max(weight("br") ?? 0, weight("gzip") ?? 0);
        const identity = weight("identity");
        if (chosen !== "identity") return (weight(chosen) ?? 0) > 0 && (weight(chosen) ?? 0) === compressed;
        return compressed === 0 || (identity !== undefined && identity > compressed);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("ifNoneMatchMatches", () => {
  it("matches the tag, weakly, in a list, or any tag for *, and nothing else", () => {
    const etag = '"abc.gz"';
    const cases: [string | undefined, boolean][] = [
      [undefined, false],
      ["", false],
      ['"abc.gz"', true],
      ['W/"abc.gz"', true],
      ['"x", "abc.gz"', true],
      ["*", true],
      ['"abc"', false],
      ["abc.gz", false],
      ['"ABC.GZ"', false],
    ];
    expect(cases.map(([header]) => [header, ifNoneMatchMatches(header, etag)])).toEqual(cases);
  });
});
