#!/usr/bin/env node
// The `3c` command's launcher. It runs the built bundle (dist/3c.js, from `npm run build`) when
// there is one; in a clone where nothing is built yet it runs the TypeScript source through tsx,
// reading @3c/domain's source too, so `npx 3c` works straight after `npm install`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const built = new URL("../dist/3c.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const tsx = createRequire(import.meta.url)
    .resolve("tsx/package.json")
    .replace(/package\.json$/, "dist/loader.mjs");
  const source = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
  const child = spawnSync(
    process.execPath,
    ["--conditions=@3c/source", "--import", pathToFileURL(tsx).href, source, ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  process.exitCode = child.status ?? 4;
}
