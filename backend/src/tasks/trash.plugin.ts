// The trash is emptied of tasks deleted longer ago than the retention, for every user: at
// start and then every hour, by whichever replica gets there (the delete is idempotent).
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
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
