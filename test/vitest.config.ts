import { defineConfig } from 'vitest/config'

// Cross-cutting suites: the app end to end in a real browser behind a real nginx, the
// Kubernetes manifests, the Tiltfile.
export default defineConfig({
  test: {
    name: 'system',
    include: ['**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One browser and one stack at a time, and no competition for the two cores.
    fileParallelism: false,
    // Every process a test starts must be gone when the run ends (the run fails otherwise).
    globalSetup: ['harness/global-setup.ts'],
  },
})
