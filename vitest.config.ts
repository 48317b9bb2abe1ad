import { defineConfig } from 'vitest/config'

// `npm test` runs every workspace's suite (each has its own vitest.config.ts) plus the
// cross-cutting suites under test/ as one run with one summary.
export default defineConfig({
  test: {
    projects: ['backend', 'frontend', 'test'],
  },
})
