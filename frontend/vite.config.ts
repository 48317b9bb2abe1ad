import type { Plugin } from 'vite'
import solid from 'vite-plugin-solid'
import { defineConfig, searchForWorkspaceRoot } from 'vite'
import { fileURLToPath } from 'node:url'

// BACKEND_URL: where the dev server forwards /api (the backend's own port locally, the
// backend Service in a cluster). VITE_HMR_CLIENT_PORT: the port the browser reaches the dev
// server on when that differs from the server's own (Tilt's port-forward).
const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:8001'
const limits = fileURLToPath(new URL('../backend/src/limits.schema.ts', import.meta.url))
const dates = fileURLToPath(new URL('../backend/src/dates.format.ts', import.meta.url))
const hmrClientPort = process.env.VITE_HMR_CLIENT_PORT ? Number(process.env.VITE_HMR_CLIENT_PORT) : undefined

/** The dev server answers /health like nginx does, so the same probes work in dev images. */
function health(): Plugin {
  return {
    name: 'todo-health',
    configureServer(server) {
      server.middlewares.use('/health', (_req, res) => {
        res.setHeader('content-type', 'text/plain')
        res.end('ok\n')
      })
    },
  }
}

export default defineConfig({
  plugins: [solid(), health()],
  // The input limits, shared with the server's schemas, and the words for dates, shared with
  // the assistant's replies (tsconfig.json's paths say the same for types). Only these files of
  // the backend are bundled: they have no imports; `@contract` itself stays type-only, since
  // its schemas would bring TypeBox into the bundle.
  resolve: {
    alias: [
      { find: /^@contract\/limits$/, replacement: limits },
      { find: /^@contract\/dates$/, replacement: dates },
    ],
  },
  server: {
    port: 5173,
    strictPort: true,
    // The dev image holds no workspace package.json, so name the files outside the root.
    fs: { allow: [searchForWorkspaceRoot(process.cwd()), limits, dates] },
    // The browser only ever talks to its own origin; the proxy keeps the Host header, so
    // the backend's CSRF check sees the page's origin. Like nginx, it states the client's
    // address, host and scheme itself instead of passing on what the client sent. The
    // backend believes them only when TRUST_PROXY says so (off for `npm start`, so every
    // dev client counts as this machine's address; backend/src/http/server-options.ts).
    proxy: {
      '/api': {
        target: backendUrl,
        changeOrigin: false,
        configure: (proxy) =>
          proxy.on('proxyReq', (proxyReq, req) => {
            proxyReq.setHeader('x-forwarded-for', req.socket.remoteAddress ?? '')
            proxyReq.setHeader('x-forwarded-host', req.headers.host ?? '')
            proxyReq.setHeader('x-forwarded-proto', 'http')
          }),
      },
    },
    ...(hmrClientPort && { hmr: { clientPort: hmrClientPort } }),
  },
  build: { target: 'es2022' },
})
