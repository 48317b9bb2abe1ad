import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'backend',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Some suites start real server processes and a real PostgreSQL database.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
