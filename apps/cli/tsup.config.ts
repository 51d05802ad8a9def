import { defineConfig } from "tsup";

/**
 * The domain and the workbook layouts (from source), and the domain's zod and decimal.js go into
 * the bundle: one file to load instead of some ninety modules to resolve, which took ~100 ms off
 * `3c recharge --demo`. The ingest bench bundles its candidates with the same list.
 */
export const BUNDLED = ["@3c/domain", "@3c/workbooks", "zod", "decimal.js"];

export default defineConfig({
  entry: { "3c": "src/bin.ts" },
  format: ["esm"],
  banner: { js: "#!/usr/bin/env node" },
  clean: true,
  noExternal: BUNDLED,
  esbuildOptions(options) {
    options.conditions = ["@3c/source"];
  },
});
