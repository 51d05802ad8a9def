import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    // Property tests run 1,000 whole scenarios each; on a busy two-core machine that can take
    // longer than the default five seconds. A timeout here guards against hangs, not speed.
    testTimeout: 120_000,
  },
});
