// The trash is emptied of tasks deleted longer ago than the retention, for every user: at
// start and then every hour, by whichever replica gets there (the delete is idempotent).
// The same job prunes the change log and the Idempotency-Keys older than a day.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { CHANGE_RETENTION_MS, pruneChanges } from '../live/changes.repository.js'
import { IDEMPOTENCY_TTL_MS, pruneIdempotencyKeys } from './idempotency.repository.js'
import { purgeDeleted } from './tasks.repository.js'

/** 30 days: long enough to undo a delete from another device next week, as phones do. */
export const TRASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000
const PURGE_EVERY_MS = 60 * 60 * 1000

export interface TrashPluginOptions {
  trashRetentionMs?: number
}

const trashPlugin: FastifyPluginAsync<TrashPluginOptions> = async (app, options) => {
  const retention = options.trashRetentionMs ?? TRASH_RETENTION_MS
  const purge = async () => {
    try {
      const purged = await purgeDeleted(app.db, new Date(Date.now() - retention))
      if (purged > 0) app.log.info({ purged }, 'trash: removed tasks deleted before the retention')
      // The change log and the create keys last a day (live/changes.repository.ts).
      await pruneChanges(app.db, new Date(Date.now() - CHANGE_RETENTION_MS))
      await pruneIdempotencyKeys(app.db, new Date(Date.now() - IDEMPOTENCY_TTL_MS))
    } catch (err) {
      app.log.warn({ err }, 'trash: purge failed; trying again later')
    }
  }
  let timer: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    await purge()
    timer = setInterval(() => void purge(), PURGE_EVERY_MS).unref()
  })
  app.addHook('onClose', async () => clearInterval(timer))
}

export default fp(trashPlugin, { name: 'trash', dependencies: ['database'] })
