// Shared by the benchmark scripts: the backend as the runtime image runs it, load generation
// (wrk), timing and tables. Processes start through the tests' one launcher.
import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { backendRuntimeArgs } from '../harness/dockerfile.js'
import { freePort, launch, repoRoot, waitForUrl, type Launched } from '../harness/launch.js'

export { freePort, launch, repoRoot, waitForUrl, type Launched }

export const run = promisify(execFile)
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
/** A discarded run before a measured one (`warmup: true`): JIT, caches and heap settle first. */
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3)

const scratch: string[] = []
process.on('exit', () => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

/** A scratch directory removed when the bench exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  scratch.push(dir)
  return dir
}

export interface Backend extends Launched {
  url: string
}

/**
 * The compiled backend (npm run build) on a free port, as the runtime image runs it; resolves
 * once ready. `root`: another checkout (the BENCH_BEFORE build).
 */
export async function startBackend(env: Record<string, string> = {}, root = repoRoot): Promise<Backend> {
  const port = await freePort()
  // The per-user limits (chat turns, writes a minute, quotas) are off: a benchmark's one
  // user makes more requests than any person, and the stack is what is measured.
  const proc = launch(process.execPath, backendRuntimeArgs(root), {
    cwd: path.join(root, 'backend'),
    env: { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', CHAT_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', QUOTA_TASKS: '10000000', QUOTA_STORED_TASKS: '10000000', QUOTA_TEXT_MB: '100000', ...env },
  })
  const url = `http://127.0.0.1:${port}`
  await waitForUrl(`${url}/ready`, { process: proc })
  return { ...proc, url }
}

/**
 * BENCH_BEFORE=<git ref>: the sections that change with the backend's code (API, chat,
 * memory) also measure the backend as it was at that ref, built from a worktree, so a
 * change's before and after come from one run on one machine.
 */
export const BEFORE_REF = process.env.BENCH_BEFORE || undefined

let before: Promise<string> | undefined
/** The BENCH_BEFORE checkout, built once per run (removed at exit). */
export function beforeRoot(): Promise<string> {
  if (!BEFORE_REF) throw new Error('BENCH_BEFORE is not set')
  return (before ??= (async () => {
    const dir = path.join(tempDir('todo-bench-before-'), 'tree')
    await run('git', ['worktree', 'add', '--detach', dir, BEFORE_REF], { cwd: repoRoot })
    process.on('exit', () => execFileSync('git', ['worktree', 'prune'], { cwd: repoRoot }))
    for (const modules of ['node_modules', 'backend/node_modules']) {
      if (fs.existsSync(path.join(repoRoot, modules))) fs.symlinkSync(path.join(repoRoot, modules), path.join(dir, modules))
    }
    await run(process.execPath, ['scripts/build.mjs'], { cwd: path.join(dir, 'backend') })
    return dir
  })())
}

/** Signs up through the API and adds `count` tasks; returns the bearer token. */
export async function userWithTasks(url: string, count = 50, email = `bench-${Date.now()}-${Math.random()}@example.com`): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password: 'benchmark-password' }),
  })
  const { token } = (await res.json()) as { token: string }
  for (let i = 0; i < count; i++) {
    await fetch(`${url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: `task ${i}`, description: 'benchmark' }),
    })
  }
  return token
}

function toMs(value: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(value)
  if (!m) return NaN
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2] as 'us' | 'ms' | 's']
}

export interface WrkOptions {
  method?: string
  body?: string
  headers?: Record<string, string>
  connections?: number
  seconds?: number
  /** Run WARMUP_SECONDS first and discard it. */
  warmup?: boolean
}

export interface WrkResult {
  rps: number
  p50: number
  p99: number
  non2xx: number
  errors: string
}

/** wrk against URL; returns req/s and latency percentiles (ms). */
export async function wrk(url: string, { method = 'GET', body, headers = {}, connections = 50, seconds = SECONDS, warmup = false }: WrkOptions = {}): Promise<WrkResult> {
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
  const pct = (p: number) => toMs(new RegExp(`\\s${p}%\\s+(\\S+)`).exec(stdout)?.[1] ?? '')
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0)
  const errors = /Socket errors: (.*)/.exec(stdout)?.[1] ?? ''
  return { rps, p50: pct(50), p99: pct(99), non2xx, errors }
}

export interface SteadyResult {
  rps: number
  p50: number
  p99: number
  max: number
  requests: number
  failed: number
}

/**
 * Closed-loop GETs on connections opened and answered before the clock starts
 * (open-connections.ts, in its own process): the steady state wrk's fresh connections hide.
 */
export async function openConnections(url: string, headers: Record<string, string> = {}, connections = 50): Promise<SteadyResult> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'test/bench/open-connections.ts'), url, JSON.stringify(headers), String(SECONDS), String(WARMUP_SECONDS), String(connections)],
    { cwd: repoRoot, maxBuffer: 1 << 20 },
  )
  return JSON.parse(stdout) as SteadyResult
}

export interface Percentiles {
  p50: number
  p99: number
  max: number
}

export function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b)
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
  return { p50: at(50), p99: at(99), max: s.at(-1) ?? NaN }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

export const fmt = (n: number | undefined, digits = 1) =>
  n !== undefined && Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a'

export interface Row {
  figure: string
  value: string
  baseline: string
  ratio: string
  target: string
  met: string
}

/** A row of a results table: the figure, the same-run baseline, the ratio, the target, met. */
export function row(
  figure: string,
  value: string,
  { baseline = '', ratio = '', target = '', met }: { baseline?: string; ratio?: string; target?: string; met?: boolean } = {},
): Row {
  return { figure, value, baseline, ratio, target, met: met === undefined ? '' : met ? 'met' : '**missed**' }
}

export function table(title: string, rows: Row[]): string {
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

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024
}

/** `total` GETs with `concurrency` keep-alive clients; resolves when all answered. */
export async function hammer(url: string, headers: Record<string, string>, total: number, concurrency = 50): Promise<{ failed: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  let sent = 0
  let failed = 0
  const one = () =>
    new Promise<void>((resolve) => {
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
