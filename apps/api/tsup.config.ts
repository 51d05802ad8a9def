import { defineConfig } from "tsup";

/**
 * The API as plain JavaScript for `node dist/main.js` (`npm start` builds it first): the server, the
 * calculation threads' script and the first-admin-key command. @3c/domain and @3c/store go in from
 * source; every other package stays an import Node resolves from node_modules (PGlite loads its
 * WebAssembly from its own package). The calculation pool finds `worker.js` beside the bundle.
 */
export default defineConfig({
  entry: { main: "src/main.ts", worker: "src/calculate/worker.ts", "keys-create": "src/cli/keysCreate.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  clean: true,
  sourcemap: true,
  noExternal: [/^@3c\//],
  esbuildOptions(options) {
    options.conditions = ["@3c/source"];
  },
  esbuildPlugins: [
    {
      name: "node-modules-external",
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("@3c/") ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
