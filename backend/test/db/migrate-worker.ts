// Spawned by migrate.test.ts: waits for a shared instant, then migrates, so several
// processes race for a fresh database as replicas starting together do.
import { createDatabase } from '../../src/db/connect.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { parseDatabaseUrl } from '../../src/config.js'

const [databaseUrl, startAt] = process.argv.slice(2)
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())))
// Opened at the shared instant too: on SQLite, opening a fresh file races for its lock.
const db = createDatabase(parseDatabaseUrl(databaseUrl!))
try {
  const result = await migrateToLatest(db)
  console.log(JSON.stringify({ applied: result.results?.map((r) => r.migrationName) ?? [] }))
} finally {
  await db.destroy()
}
