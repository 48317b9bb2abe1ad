// A throwaway PostgreSQL server for the bench: a new cluster in a temp dir on a free
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

export async function startPostgres(): Promise<Postgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-pg-'))
  const asRoot = process.getuid?.() === 0
  const runAs = asRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'] : []
  if (asRoot) fs.chownSync(dir, 65534, 65534)
  const command = (bin: string, args: string[]): [string, string[]] =>
    runAs.length ? [runAs[0]!, [...runAs.slice(1), path.join(PG_BIN, bin), ...args]] : [path.join(PG_BIN, bin), args]
  await promisify(execFile)(...command('initdb', ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']))
  const port = await freePort()
  const server = launch(
    ...command('postgres', ['-D', path.join(dir, 'data'), '-c', 'listen_addresses=127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off']),
  )
  await waitForOutput(server, /database system is ready to accept connections/)
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop('SIGINT') // fast shutdown
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
