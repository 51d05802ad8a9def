#!/usr/bin/env node
/**
 * Adds lockfile entries for platform-specific optional packages (native binaries of biome, rollup,
 * turbo, esbuild for other operating systems) that the lockfile names but does not list.
 *
 * Why: the registry mirror on our build machines only holds the Linux binaries, so `npm install`
 * there leaves the other platforms' packages out of package-lock.json, and `npm ci` then refuses
 * the lockfile as out of sync. Each added entry records the version, os, cpu and libc, so npm
 * skips it on every other platform and fetches it where it belongs.
 *
 * Usage: node scripts/complete-lockfile.mjs [--check]   (--check: exit 1 if entries are missing)
 */
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;

const OSES = ["android", "darwin", "freebsd", "linux", "win32", "openbsd", "netbsd", "sunos", "aix", "openharmony"];
const CPUS = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x", "mips64el", "wasm32"];

function platformOf(name) {
  const base = name.split("/").pop();
  const os = base.includes("windows") ? "win32" : OSES.find((o) => base.includes(o));
  let cpu = CPUS.find((c) => new RegExp(`(^|-)${c}($|-|eabi)`).test(base));
  if (cpu === undefined && /-64$/.test(base)) cpu = "x64";
  const libc = base.includes("musl") ? "musl" : os === "linux" ? "glibc" : undefined;
  return { os, cpu, libc };
}

const added = [];
for (const meta of Object.values(packages)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (packages[key] !== undefined) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (os === undefined) continue; // not a platform binary: leave it to npm
    const entry = { version, dev: meta.dev === true ? true : undefined, optional: true };
    if (cpu !== undefined) entry.cpu = [cpu];
    if (libc !== undefined) entry.libc = [libc];
    entry.os = [os];
    packages[key] = JSON.parse(JSON.stringify(entry));
    added.push(`${dep}@${version} (${[os, cpu, libc].filter(Boolean).join(" ")})`);
  }
}

if (process.argv.includes("--check")) {
  if (added.length > 0) {
    console.error(`package-lock.json lacks ${added.length} platform packages; run: node scripts/complete-lockfile.mjs`);
    process.exit(1);
  }
  process.exit(0);
}
if (added.length > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
  );
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`complete-lockfile: added ${added.length} platform packages:\n  ${added.join("\n  ")}`);
} else {
  console.log("complete-lockfile: nothing to add");
}
