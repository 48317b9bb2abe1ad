import { defineConfig } from 'vitest/config'

// Cross-cutting suites: the app end to end in a real browser behind a real nginx.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser and one stack at a time: this machine has two cores.
    fileParallelism: false,
  },
})
