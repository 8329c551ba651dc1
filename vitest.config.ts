import { defineConfig } from 'vitest/config'

// Self-tests of the suite itself (`npm test`). The conformance run against a target uses
// its own programmatic config: see src/run/start-run.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
