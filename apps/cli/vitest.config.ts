import { defineConfig } from "vitest/config";

export default defineConfig({
  // Tests read @3c/domain's TypeScript source, like the domain's own tests.
  resolve: { conditions: ["@3c/source"] },
  ssr: { resolve: { conditions: ["@3c/source"] } },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts"],
    // Process tests start real `3c` processes (each compiles TypeScript on start) and property
    // tests run 1,000 cases: the timeout guards against hangs, not speed.
    testTimeout: 120_000,
  },
});
