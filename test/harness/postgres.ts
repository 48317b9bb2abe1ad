// A throwaway PostgreSQL server for the bench and the outage test (it stops and starts it
// again: backend/test/resilience/postgres-outage.test.ts): a new cluster in a temp dir on a free
// loopback port, trust auth, fsync off, removed on stop. The same recipe as .ci/run's
// (which starts the one the test suites use). initdb and postgres refuse to run as root,
// so as root the cluster belongs to "nobody".
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort, launch, waitForOutput } from './launch.js'

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

export interface Postgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string
  stop: () => Promise<void>
}

/** A cluster that can be stopped and started again on the same port, data kept (outage tests). */
export interface RestartablePostgres extends Postgres {
  /** Stops the server as `pg_ctl stop -m fast` does: sessions ended (57P01), data kept. */
  pause: () => Promise<void>
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  resume: () => Promise<void>
}

export async function startPostgres(): Promise<RestartablePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-pg-'))
  const asRoot = process.getuid?.() === 0
  const runAs = asRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'] : []
  if (asRoot) fs.chownSync(dir, 65534, 65534)
  const command = (bin: string, args: string[]): [string, string[]] =>
    runAs.length ? [runAs[0]!, [...runAs.slice(1), path.join(PG_BIN, bin), ...args]] : [path.join(PG_BIN, bin), args]
  await promisify(execFile)(...command('initdb', ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']))
  const port = await freePort()
  const run = async () => {
    const server = launch(
      ...command('postgres', ['-D', path.join(dir, 'data'), '-c', 'listen_addresses=127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off']),
    )
    await waitForOutput(server, /database system is ready to accept connections/)
    return server
  }
  let server: Awaited<ReturnType<typeof run>> | undefined = await run()
  const pause = async () => {
    await server?.stop('SIGINT') // fast shutdown
    server = undefined
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pause,
    resume: async () => {
      server ??= await run()
    },
    stop: async () => {
      await pause()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
