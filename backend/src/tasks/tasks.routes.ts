import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { ErrorResponse, notFound } from '../errors.js'
import { callbackHook } from '../http/hooks.js'
import { readTask } from '../language/quick-add.js'
import { createTaskOnce } from './idempotency.repository.js'
import * as repo from './tasks.repository.js'
import {
  EditConflictResponse,
  QuickAdd,
  QuickAddQuery,
  Task,
  TaskCounts,
  TaskCountsQuery,
  TaskCreate,
  TaskCreateHeaders,
  TaskListQuery,
  TaskPage,
  TaskParams,
  TaskPatch,
  TaskWriteHeaders,
  trimTextFields,
} from './tasks.schema.js'

const errors = { 400: ErrorResponse, 404: ErrorResponse }
const found = (task: Task | undefined) => task ?? Promise.reject(notFound('Task'))

/** A task answered alone carries its version as ETag, what PATCH's If-Match sends back. */
function tagged(reply: FastifyReply, task: Task): Task {
  reply.header('etag', `"${task.version}"`)
  return task
}

export const tasksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', callbackHook((request) => trimTextFields(request.body)))

  app.get(
    '/',
    { schema: { querystring: TaskListQuery, response: { 200: TaskPage, 400: ErrorResponse } } },
    (request) => repo.listTasks(app.db, request.userId, request.query),
  )

  app.get(
    '/counts',
    { schema: { querystring: TaskCountsQuery, response: { 200: TaskCounts, 400: ErrorResponse } } },
    (request) => repo.countTasks(app.db, request.userId, request.query.q),
  )

  // The board's quick add: the typed line with the markers it would read (shown in the
  // preview before saving, each one can be switched off with `off`).
  app.get(
    '/parse',
    { schema: { querystring: QuickAddQuery, response: { 200: QuickAdd, 400: ErrorResponse } } },
    (request) => {
      const [y, m, d] = (request.query.today ?? '').split('-').map(Number)
      const today = y && m && d ? new Date(y, m - 1, d, 12) : new Date()
      const off = new Set((request.query.off ?? '').split(',').filter(Boolean).map(Number))
      return readTask(request.query.text, today, off)
    },
  )

  // With an Idempotency-Key, a retried create answers the first one's task (201 again).
  app.post(
    '/',
    { schema: { headers: TaskCreateHeaders, body: TaskCreate, response: { 201: Task, 400: ErrorResponse, 409: ErrorResponse } } },
    async (request, reply) => {
      const key = request.headers['idempotency-key']
      const task = key
        ? (await createTaskOnce(app.db, request.userId, key, request.body, app.quotas)).task
        : await repo.createTask(app.db, request.userId, request.body, app.quotas)
      return reply.code(201).send(tagged(reply, task))
    },
  )

  app.get('/:number', { schema: { params: TaskParams, response: { 200: Task, ...errors } } }, async (request, reply) =>
    tagged(reply, await found(await repo.getTask(app.db, request.userId, request.params.number))),
  )

  // If-Match: "<version>" writes only over that version; a stale one is answered 409 with
  // the task as it is now, and nothing is written.
  app.patch(
    '/:number',
    {
      schema: {
        params: TaskParams,
        headers: TaskWriteHeaders,
        body: TaskPatch,
        response: { 200: Task, ...errors, 409: EditConflictResponse },
      },
    },
    async (request, reply) => {
      const { number } = request.params
      const ifMatch = request.headers['if-match']
      const ifVersion = ifMatch === undefined ? undefined : Number(ifMatch.replaceAll('"', ''))
      const task = await repo.updateTask(app.db, request.userId, number, request.body, app.quotas, ifVersion)
      if (task) return tagged(reply, task)
      const current = ifVersion === undefined ? undefined : await repo.getTask(app.db, request.userId, number)
      if (!current) throw notFound('Task')
      return reply.code(409).send({
        error: {
          code: 'EDIT_CONFLICT' as const,
          message: `This task was changed elsewhere (it is at version ${current.version}, not ${ifVersion}); nothing was saved. Apply your edit to it and send it again.`,
          task: current,
        },
      })
    },
  )

  app.post(
    '/:number/complete',
    { schema: { params: TaskParams, response: { 200: Task, ...errors } } },
    async (request) => found(await repo.completeTask(app.db, request.userId, request.params.number)),
  )

  // A delete moves the task to the trash at once, on the server: it leaves every list and
  // the assistant's view, and POST …/restore brings it back until the trash is purged.
  // Deleting a task already in the trash answers it as it is, as restoring twice does: a
  // client sending a delete again (its first answer was lost) is told it is done.
  app.delete('/:number', { schema: { params: TaskParams, response: { 200: Task, ...errors } } }, async (request) =>
    found(
      (await repo.deleteTask(app.db, request.userId, request.params.number)) ??
        (await repo.getTask(app.db, request.userId, request.params.number, 'trash')),
    ),
  )

  app.post(
    '/:number/restore',
    { schema: { params: TaskParams, response: { 200: Task, ...errors } } },
    async (request) => found((await repo.restoreTasks(app.db, request.userId, [request.params.number], app.quotas))[0]),
  )
}
