import { defineConfig } from "vitest/config";

export default defineConfig({
  // Read the workspace packages' TypeScript source, not their builds (the `@3c/source` condition).
  resolve: { conditions: ["@3c/source"] },
  ssr: { resolve: { conditions: ["@3c/source"] } },
  test: {
    include: ["src/**/*.test.ts"],
    // Property tests run 1,000 cases and workbooks are zipped: the timeout guards against hangs, not speed.
    testTimeout: 120_000,
  },
});
