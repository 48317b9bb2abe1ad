// The production shape on loopback: the Vite production build served by Debian's nginx with
// the image's own config template (frontend/nginx/default.conf.template), proxying /api to
// a real backend process on its own SQLite file.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { leakMarker } from '../harness/processes.js'

const run = promisify(execFile)
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}\n${output()}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not come up:\n${output()}`)
}

function spawnLogged(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
  return { child, output: () => output }
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

export interface Stack {
  url: string
  backendUrl: string
  dir: string
  stopBackend: () => Promise<void>
  stop: () => Promise<void>
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

/**
 * Starts the backend and nginx in front of it. `build: false` serves a one-line page instead
 * of the production build, for suites about nginx and the API only.
 */
export async function startStack(options: { backendEnv?: Record<string, string>; build?: boolean } = {}): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-e2e-'))
  fs.chmodSync(dir, 0o755) // nginx workers may run as another user
  const dist = path.join(dir, 'dist')
  if (options.build === false) {
    fs.mkdirSync(dist)
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Todo Chatbot</title>\n')
  } else {
    await run(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: frontendDir })
  }

  const backendPort = await freePort()
  const backend = spawnLogged(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.join(repoRoot, 'backend'),
    env: {
      PATH: process.env.PATH,
      ...leakMarker(),
      HOST: '127.0.0.1',
      PORT: String(backendPort),
      DATABASE_URL: path.join(dir, 'todo.db'),
      LOG_LEVEL: 'warn',
      ...options.backendEnv,
    },
  })
  const backendUrl = `http://127.0.0.1:${backendPort}`
  await waitFor(`${backendUrl}/ready`, backend.child, backend.output)

  const port = await freePort()
  const conf = await renderTemplate({ BACKEND_URL: backendUrl, NGINX_PORT: `127.0.0.1:${port}`, NGINX_ROOT: dist })
  fs.writeFileSync(path.join(dir, 'default.conf'), conf)
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
      `  include ${dir}/default.conf;`,
      '}',
    ].join('\n'),
  )
  const nginx = spawnLogged(NGINX, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { env: { ...leakMarker() } })
  const url = `http://127.0.0.1:${port}`
  await waitFor(`${url}/health`, nginx.child, nginx.output)

  return {
    url,
    backendUrl,
    dir,
    stopBackend: () => stopProcess(backend.child),
    stop: async () => {
      await stopProcess(nginx.child)
      await stopProcess(backend.child)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
