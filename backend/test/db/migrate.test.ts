import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { MIGRATION_NAMES } from '../../src/db/migrate.js'
import { engines, freshDatabase } from '../helper.js'

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrate-worker.ts')

describe.each(engines)('migrations on %s', (engine) => {
  it('six processes migrating one fresh database at the same instant all succeed, and apply each migration once', async () => {
    const config = await freshDatabase(engine)
    const url = config.kind === 'sqlite' ? config.path : config.url
    const startAt = Date.now() + 1500 // after every process has loaded
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', worker, url, String(startAt)]),
      ),
    )
    const applied = runs.flatMap((run) => JSON.parse(run.stdout).applied as string[])
    expect(applied.sort()).toEqual([...MIGRATION_NAMES].sort())
    expect(MIGRATION_NAMES).toContain('2026-11-26T0400_create_tasks')
  })
})
