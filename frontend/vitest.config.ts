import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config'

// The component tests: Vite's own config (the Solid plugin) plus jsdom. Kept apart from
// vite.config.ts so the dev image's Vite loads without vitest installed.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      name: 'frontend',
      environment: 'jsdom',
      setupFiles: ['./src/test-setup.ts'],
      include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    },
  }),
)
