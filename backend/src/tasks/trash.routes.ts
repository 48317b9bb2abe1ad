// The trash, for good: removing one task that is in it, or all of them. Moving a task to
// the trash and back is DELETE /api/tasks/:number and POST …/restore (tasks.routes.ts);
// what stays longer than the retention is purged by trash.plugin.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse, HttpError, notFound } from '../errors.js'
import { deleteForever, emptyTrash } from './tasks.repository.js'
import { TaskParams } from './tasks.schema.js'
import { TrashEmptied, TrashEmptyQuery } from './trash.schema.js'

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

  // With deleted_up_to, only what was trashed at or before it: a task trashed since the
  // client counted (on another device, or the one whose Undo is still showing) stays.
  app.delete(
    '/',
    { schema: { querystring: TrashEmptyQuery, response: { 200: TrashEmptied, 400: ErrorResponse } } },
    async (request) => {
      const given = request.query.deleted_up_to
      const upTo = given === undefined ? undefined : new Date(given)
      if (upTo && Number.isNaN(upTo.getTime())) {
        throw new HttpError(400, 'VALIDATION_ERROR', 'deleted_up_to must be a real date and time')
      }
      return { deleted: await emptyTrash(app.db, request.userId, upTo) }
    },
  )
}
