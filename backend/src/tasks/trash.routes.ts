// The trash, for good: removing one task that is in it, or all of them. Moving a task to
// the trash and back is DELETE /api/tasks/:number and POST …/restore (tasks.routes.ts);
// what stays longer than the retention is purged by trash.plugin.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse, notFound } from '../errors.js'
import { deleteForever, emptyTrash } from './tasks.repository.js'
import { TaskParams } from './tasks.schema.js'
import { TrashEmptied } from './trash.schema.js'

export const trashRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Only a task in the trash: a live one is never removed for good by this route (404).
  app.delete(
    '/:number',
    { schema: { params: TaskParams, response: { 204: Type.Null(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      if (!(await deleteForever(app.db, request.userId, request.params.number))) throw notFound('Task in the trash')
      return reply.code(204).send(null)
    },
  )

  app.delete('/', { schema: { response: { 200: TrashEmptied } } }, async (request) => ({
    deleted: await emptyTrash(app.db, request.userId),
  }))
}
