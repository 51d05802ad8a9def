import { defineConfig } from "tsup";

export default defineConfig({
  entry: { "3c": "src/bin.ts" },
  format: ["esm"],
  banner: { js: "#!/usr/bin/env node" },
  clean: true,
});
