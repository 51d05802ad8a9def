import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    // Property tests run 1,000 whole scenarios each; on a busy two-core machine that can take
    // longer than the default five seconds. A timeout here guards against hangs, not speed.
    testTimeout: 120_000,
    // The files run one after another in one worker process rather than each in a fresh one: the
    // sources are imported and compiled, and V8 warms them, once rather than once a file. The
    // library is pure (no module mocks, no global state), so no file can see another's. Measured:
    // 207 → 95 s of CPU for the suite (docs/performance.md).
    isolate: false,
  },
});
