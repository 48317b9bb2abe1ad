// The one way the tests and the bench start a process and wait for it: the backend's
// process suites, the end-to-end stack (backend + nginx), the Tiltfile's dev commands and
// every benchmark use these. A launched process
// - carries this run's leak marker (processes.ts), so a suite that forgets it fails the run;
// - has its stdout and stderr kept, for the error when it fails to come up;
// - is killed if the launching process exits first (a bench interrupted half-way);
// - can lead its own process group (`group: true`) when it starts processes of its own.
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { leakMarker, stopGroup } from './processes.js'

/** The repository's root, whatever the working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface Launched {
  child: ChildProcess
  /** Resolves when the process exits, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Everything it printed so far, stdout then stderr as they arrived. */
  output: () => string
  stdout: () => string
  stderr: () => string
  /** SIGTERM (to the whole group if it leads one), resolving once it is gone. */
  stop: (signal?: NodeJS.Signals) => Promise<void>
}

export interface LaunchOptions {
  cwd?: string
  /**
   * The child's whole environment, apart from PATH and the leak marker, which are always
   * passed: a test must not depend on whatever the developer's shell exports.
   */
  env?: Record<string, string | undefined>
  /** Lead a new process group, stopped as a whole (a watcher and the server it starts). */
  group?: boolean
}

const live = new Set<ChildProcess>()
const groupLeaders = new WeakSet<ChildProcess>()
process.on('exit', () => {
  for (const child of live) {
    try {
      process.kill(groupLeaders.has(child) ? -child.pid! : child.pid!, 'SIGKILL')
    } catch {
      // gone
    }
  }
})

export function launch(command: string, args: string[], options: LaunchOptions = {}): Launched {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...leakMarker(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false,
  })
  if (options.group) groupLeaders.add(child)
  live.add(child)
  let output = ''
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString()
    output += c.toString()
  })
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString()
    output += c.toString()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child)
      resolve({ code, signal })
    }),
  )
  // A command that cannot be started at all reports through 'error' and never 'exit'.
  child.on('error', (error) => {
    output += `\n${error.message}`
    live.delete(child)
  })
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (options.group) return stopGroup(child, signal)
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
    child.kill(signal)
    await exited
  }
  return { child, exited, output: () => output, stdout: () => stdout, stderr: () => stderr, stop }
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Polls `url` until it answers `status` (200 by default) and resolves with the milliseconds
 * that took. With `process`, gives up as soon as that process exits, and either failure
 * carries what it printed.
 */
export async function waitForUrl(
  url: string,
  { process: launched, timeoutMs = 60_000, intervalMs = 20, status = 200 }: { process?: Launched; timeoutMs?: number; intervalMs?: number; status?: number } = {},
): Promise<number> {
  const started = performance.now()
  const printed = () => (launched ? `\n${launched.output()}` : '')
  for (;;) {
    const exit = launched?.child.exitCode ?? launched?.child.signalCode
    if (exit !== null && exit !== undefined) throw new Error(`${url}: the process exited (${exit}) before answering${printed()}`)
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      if (res.status === status) return performance.now() - started
    } catch {
      // not up yet
    }
    if (performance.now() - started > timeoutMs) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms${printed()}`)
    await sleep(intervalMs)
  }
}

/** Resolves with the first match of `pattern` in what the process prints; rejects if it exits first. */
export function waitForOutput(launched: Launched, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${launched.output()}`)), timeoutMs)
    const check = () => {
      const match = pattern.exec(launched.output())
      if (match) done(undefined, match)
    }
    const done = (error?: Error, match?: RegExpExecArray) => {
      clearTimeout(timer)
      launched.child.stdout!.off('data', check)
      launched.child.stderr!.off('data', check)
      if (error) reject(error)
      else resolve(match!)
    }
    launched.child.stdout!.on('data', check)
    launched.child.stderr!.on('data', check)
    launched.exited.then(({ code, signal }) => done(new Error(`exited (${code ?? signal}) before printing ${pattern}:\n${launched.output()}`)))
    check()
  })
}
