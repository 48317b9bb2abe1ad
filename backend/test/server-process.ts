import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'
import { TEST_PASSWORD, uniqueEmail } from './helper.js'

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface ServerProcess {
  url: string
  child: ChildProcess
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  output: () => string
}

/** What to run: by default the real entry point (src/server.ts through tsx), as `npm start` does. */
export interface Entry {
  args: string[]
  cwd: string
}

const sourceEntry: Entry = { args: ['--import', 'tsx', 'src/server.ts'], cwd: backendDir }

export function spawnServer(
  env: Record<string, string>,
  entry: Entry = sourceEntry,
): Omit<ServerProcess, 'url'> & { stderr: () => string } {
  const child = spawn(process.execPath, entry.args, {
    cwd: entry.cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return { child, exited, output: () => stdout + stderr, stderr: () => stderr }
}

/** Starts a server and resolves once it listens, with its URL. */
export async function startServer(env: Record<string, string>, entry?: Entry): Promise<ServerProcess> {
  const server = spawnServer(env, entry)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${server.output()}`)), 30_000)
    const check = () => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    server.child.stdout?.on('data', check)
    server.exited.then(({ code }) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening:\n${server.output()}`))
    })
  })
  return { ...server, url }
}

/** Signs a new account up through a real server; the bearer token works on every replica. */
export async function signUpOver(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-up/email`, {
    method: 'POST',
    // fetch sends Sec-Fetch-Mode, so Better Auth's CSRF check wants the Origin a browser sends.
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: uniqueEmail(), password: TEST_PASSWORD }),
  })
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}
