import '@testing-library/jest-dom/vitest'
import { cleanup } from '@solidjs/testing-library'
import { afterEach } from 'vitest'

// Unmount what each test rendered (vitest globals are off, so it is not automatic), and
// forget what it kept in the browser's storage (the board's outbox of unsent writes).
afterEach(() => {
  cleanup()
  localStorage.clear()
  history.replaceState(null, '', '/') // the board keeps its view in the URL
})
