// Shared by the benchmark scripts: processes, load generation (wrk), timing and tables.
import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
// The bench runs under tsx (npm run bench), so it shares the e2e stack's helpers.
import { freePort } from '../e2e/stack.ts'

export { freePort }

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const run = promisify(execFile)
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
/** A discarded run before a measured one (`warmup: true`): JIT, caches and heap settle first. */
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3)

export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}


const children = new Set()
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')))

export function start(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options })
  let output = ''
  child.stdout.on('data', (c) => (output += c))
  child.stderr.on('data', (c) => (output += c))
  children.add(child)
  child.on('exit', () => children.delete(child))
  return { child, output: () => output }
}

export async function waitFor(url, { timeoutMs = 60_000, intervalMs = 20, status = 200 } = {}) {
  const started = performance.now()
  for (;;) {
    try {
      if ((await fetch(url)).status === status) return performance.now() - started
    } catch {
      // not up yet
    }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer ${status}`)
    await sleep(intervalMs)
  }
}

/** The compiled backend (npm run build), as the runtime image runs it. */
export async function startBackend(env = {}) {
  const port = await freePort()
  const proc = start(process.execPath, ['dist/server.js'], {
    cwd: path.join(repoRoot, 'backend'),
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', CHAT_RATE_LIMIT: '0', ...env },
  })
  const url = `http://127.0.0.1:${port}`
  await waitFor(`${url}/ready`)
  return { ...proc, url, stop: () => stop(proc.child) }
}

export function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  return exited
}

/** Signs up through the API and adds `count` tasks; returns the bearer token. */
export async function userWithTasks(url, count = 50, email = `bench-${Date.now()}-${Math.random()}@example.com`) {
  const res = await fetch(`${url}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password: 'benchmark-password' }),
  })
  const { token } = await res.json()
  for (let i = 0; i < count; i++) {
    await fetch(`${url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: `task ${i}`, description: 'benchmark' }),
    })
  }
  return token
}

function toMs(value) {
  const m = /([\d.]+)(us|ms|s)/.exec(value)
  if (!m) return NaN
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]]
}

/** wrk against URL; returns req/s and latency percentiles (ms). */
export async function wrk(url, { method = 'GET', body, headers = {}, connections = 50, seconds = SECONDS, warmup = false } = {}) {
  if (warmup && WARMUP_SECONDS > 0) await wrk(url, { method, body, headers, connections, seconds: WARMUP_SECONDS })
  const dir = tempDir('todo-wrk-')
  const script = path.join(dir, 'request.lua')
  fs.writeFileSync(
    script,
    [
      `wrk.method = ${JSON.stringify(method)}`,
      ...(body ? [`wrk.body = ${JSON.stringify(body)}`, `wrk.headers["Content-Type"] = "application/json"`] : []),
      ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
    ].join('\n'),
  )
  const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url], {
    maxBuffer: 1 << 20,
  })
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1])
  const pct = (p) => toMs(new RegExp(`\\s${p}%\\s+(\\S+)`).exec(stdout)?.[1] ?? '')
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0)
  const errors = /Socket errors: (.*)/.exec(stdout)?.[1] ?? ''
  return { rps, p50: pct(50), p99: pct(99), non2xx, errors }
}

export function percentiles(samples) {
  const s = [...samples].sort((a, b) => a - b)
  const at = (p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
  return { p50: at(50), p99: at(99), max: s.at(-1) }
}

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a')

/** A row of a results table: the figure, the same-run baseline, the ratio, the target, met. */
export function row(figure, value, { baseline = '', ratio = '', target = '', met } = {}) {
  return { figure, value, baseline, ratio, target, met: met === undefined ? '' : met ? 'met' : '**missed**' }
}

export function table(title, rows) {
  const lines = [
    `### ${title}`,
    '',
    '| figure | value | baseline (same run) | ratio | target | |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.figure} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met} |`),
    '',
  ]
  return lines.join('\n')
}

export async function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024
}

/** `total` GETs with `concurrency` keep-alive clients; resolves when all answered. */
export async function hammer(url, headers, total, concurrency = 50) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  let sent = 0
  let failed = 0
  const one = () =>
    new Promise((resolve) => {
      http
        .get(url, { agent, headers }, (res) => {
          if (res.statusCode !== 200) failed++
          res.resume()
          res.on('end', resolve)
        })
        .on('error', () => {
          failed++
          resolve()
        })
    })
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total) {
        sent++
        await one()
      }
    }),
  )
  agent.destroy()
  return { failed }
}
