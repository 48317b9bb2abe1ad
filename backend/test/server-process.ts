// The backend as a real process, for the suites about processes: start-up, shutdown,
// crashes, several replicas on one database. Started through the tests' one launcher
// (test/harness/launch.ts) and killed when the test that started it finishes.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'
import { launch, waitForOutput, type Launched } from '../../test/harness/launch.js'
import { TEST_PASSWORD, uniqueEmail } from './helper.js'

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface ServerProcess extends Launched {
  url: string
}

/** What to run: by default the real entry point (src/server.ts through tsx), as `npm start` does. */
export interface Entry {
  args: string[]
  cwd: string
}

const sourceEntry: Entry = { args: ['--import', 'tsx', 'src/server.ts'], cwd: backendDir }

export function spawnServer(env: Record<string, string>, entry: Entry = sourceEntry): Launched {
  const server = launch(process.execPath, entry.args, {
    cwd: entry.cwd,
    env: { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
  })
  onTestFinished(() => server.stop('SIGKILL'))
  return server
}

/** Starts a server and resolves once it listens, with its URL. */
export async function startServer(env: Record<string, string>, entry?: Entry): Promise<ServerProcess> {
  const server = spawnServer(env, entry)
  const [, url] = await waitForOutput(server, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
  return { ...server, url: url! }
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
