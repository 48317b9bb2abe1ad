import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse, notFound } from '../errors.js'
import { readTask } from '../language/quick-add.js'
import * as repo from './tasks.repository.js'
import {
  QuickAdd,
  QuickAddQuery,
  Task,
  TaskCounts,
  TaskCountsQuery,
  TaskCreate,
  TaskListQuery,
  TaskPage,
  TaskParams,
  TaskPatch,
  trimTextFields,
} from './tasks.schema.js'

const errors = { 400: ErrorResponse, 404: ErrorResponse }
const found = (task: Task | undefined) => task ?? Promise.reject(notFound('Task'))

export const tasksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', async (request) => trimTextFields(request.body))

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

  app.post(
    '/',
    { schema: { body: TaskCreate, response: { 201: Task, 400: ErrorResponse } } },
    async (request, reply) => reply.code(201).send(await repo.createTask(app.db, request.userId, request.body, app.quotas)),
  )

  app.get('/:number', { schema: { params: TaskParams, response: { 200: Task, ...errors } } }, async (request) =>
    found(await repo.getTask(app.db, request.userId, request.params.number)),
  )

  app.patch(
    '/:number',
    { schema: { params: TaskParams, body: TaskPatch, response: { 200: Task, ...errors } } },
    async (request) => found(await repo.updateTask(app.db, request.userId, request.params.number, request.body, app.quotas)),
  )

  app.post(
    '/:number/complete',
    { schema: { params: TaskParams, response: { 200: Task, ...errors } } },
    async (request) => found(await repo.completeTask(app.db, request.userId, request.params.number)),
  )

  // A delete moves the task to the trash at once, on the server: it leaves every list and
  // the assistant's view, and POST …/restore brings it back until the trash is purged.
  app.delete('/:number', { schema: { params: TaskParams, response: { 200: Task, ...errors } } }, async (request) =>
    found(await repo.deleteTask(app.db, request.userId, request.params.number)),
  )

  app.post(
    '/:number/restore',
    { schema: { params: TaskParams, response: { 200: Task, ...errors } } },
    async (request) => found((await repo.restoreTasks(app.db, request.userId, [request.params.number], app.quotas))[0]),
  )
}
