import '@testing-library/jest-dom/vitest'
import { cleanup } from '@solidjs/testing-library'
import { afterEach } from 'vitest'

// Unmount what each test rendered (vitest globals are off, so it is not automatic).
afterEach(cleanup)
