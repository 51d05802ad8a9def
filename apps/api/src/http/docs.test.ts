import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing/index.js";
import { docsContentSecurityPolicy } from "./docs.js";

const t = useTestApp({ seed: false });
const require = createRequire(import.meta.url);

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
    const file = readFileSync(require.resolve("@scalar/api-reference/browser/standalone.js"));
    expect(body.equals(file)).toBe(true);
    expect(body.toString("utf8")).toContain("createApiReference");
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
