// The production shape on loopback: the Vite production build served by Debian's nginx with
// the image's own config template (frontend/nginx/default.conf.template) and start script
// (frontend/nginx/25-trusted-proxies.sh), proxying /api to a real backend process on its
// own SQLite file.
import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort, launch, repoRoot, waitForUrl, type Launched } from '../harness/launch.js'

const run = promisify(execFile)
const frontendDir = path.join(repoRoot, 'frontend')

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'

// The flags this machine's Chromium needs: no sandbox as root, no GPU, and no background
// traffic to Google's services (there is no network but loopback).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** What the suite needs from the machine; in CI a missing piece fails instead of skipping. */
export function missingTools(): string[] {
  const missing = [CHROMIUM, NGINX].filter((bin) => !fs.existsSync(bin))
  if (missing.length > 0 && process.env.CI) {
    throw new Error(`end-to-end tests need ${missing.join(' and ')} (apt-get install chromium nginx)`)
  }
  return missing
}

/** Renders the template exactly as the image does: envsubst, limited to the variables set. */
export async function renderTemplate(vars: Record<'BACKEND_URL' | 'NGINX_PORT' | 'NGINX_ROOT', string>): Promise<string> {
  const template = path.join(frontendDir, 'nginx/default.conf.template')
  const names = Object.keys(vars).map((name) => `\${${name}}`).join(' ')
  const child = spawn('envsubst', [names], { env: { ...process.env, ...vars }, stdio: ['pipe', 'pipe', 'inherit'] })
  fs.createReadStream(template).pipe(child.stdin)
  let out = ''
  for await (const chunk of child.stdout) out += chunk
  return out
}

/** Runs the image's start script that turns TRUSTED_PROXIES into trusted-proxies.conf in `dir`. */
export async function writeTrustedProxies(dir: string, trustedProxies: string): Promise<void> {
  await run(path.join(frontendDir, 'nginx/25-trusted-proxies.sh'), [], {
    env: { PATH: process.env.PATH, NGINX_ENVSUBST_OUTPUT_DIR: dir, TRUSTED_PROXIES: trustedProxies },
  })
}

export interface Stack {
  url: string
  backendUrl: string
  dir: string
  stopBackend: () => Promise<void>
  /** Starts the backend again on the same port and database (after stopBackend: an outage ends). */
  startBackend: () => Promise<void>
  stop: () => Promise<void>
}

export interface StackOptions {
  backendEnv?: Record<string, string>
  /** false: a one-line page instead of the production build, for suites about nginx and the API only. */
  build?: boolean
  /** Serve this production build (another stack's `${dir}/dist`) instead of building one. */
  dist?: string
  /** The frontend container's TRUSTED_PROXIES (empty, as by default, when left out). */
  trustedProxies?: string
  /** Proxy /api to this server instead of starting the backend. */
  upstreamUrl?: string
}

/** Starts the backend and nginx in front of it, as the images run them. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-e2e-'))
  fs.chmodSync(dir, 0o755) // nginx workers may run as another user
  const dist = options.dist ?? path.join(dir, 'dist')
  if (options.dist === undefined && options.build === false) {
    fs.mkdirSync(dist)
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Todo Chatbot</title>\n')
  } else if (options.dist === undefined) {
    // The bundle the image ships: under Vitest, NODE_ENV is 'test', and a build that inherits
    // it keeps the libraries' development branches (about 0.9 kB more, gzipped).
    await run(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: frontendDir,
      env: { ...process.env, NODE_ENV: 'production' },
    })
  }

  let backend: Launched | undefined
  let backendUrl = options.upstreamUrl
  const backendPort = backendUrl ? 0 : await freePort()
  const startBackend = async () => {
    if (options.upstreamUrl) return
    backend = launch(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: path.join(repoRoot, 'backend'),
      env: {
        HOST: '127.0.0.1',
        PORT: String(backendPort),
        DATABASE_URL: path.join(dir, 'todo.db'),
        LOG_LEVEL: 'warn',
        // nginx is the one hop in front, as in the manifests.
        TRUST_PROXY: '1',
        ...options.backendEnv,
      },
    })
    await waitForUrl(`http://127.0.0.1:${backendPort}/ready`, { process: backend, intervalMs: 100, timeoutMs: 30_000 })
  }
  if (!backendUrl) {
    backendUrl = `http://127.0.0.1:${backendPort}`
    await startBackend()
  }

  // conf.d as in the image: the rendered template and what the start script writes.
  const port = await freePort()
  const confDir = path.join(dir, 'conf.d')
  fs.mkdirSync(confDir)
  const conf = await renderTemplate({ BACKEND_URL: backendUrl, NGINX_PORT: `127.0.0.1:${port}`, NGINX_ROOT: dist })
  fs.writeFileSync(path.join(confDir, 'default.conf'), conf)
  await writeTrustedProxies(confDir, options.trustedProxies ?? '')
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      'error_log stderr warn;',
      'daemon off;',
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t}_temp;`),
      `  include ${confDir}/*.conf;`,
      '}',
    ].join('\n'),
  )
  const nginx = launch(NGINX, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { env: {} })
  const url = `http://127.0.0.1:${port}`
  await waitForUrl(`${url}/health`, { process: nginx, intervalMs: 100, timeoutMs: 30_000 })

  return {
    url,
    backendUrl,
    dir,
    stopBackend: async () => backend?.stop(),
    startBackend,
    stop: async () => {
      await nginx.stop()
      await backend?.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
