import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorResponse, notFound } from '../errors.js'
import * as repo from './tasks.repository.js'
import { Task, TaskCreate, TaskListQuery, TaskPage, TaskParams, TaskPatch, trimTextFields } from './tasks.schema.js'

const errors = { 400: ErrorResponse, 404: ErrorResponse }

export const tasksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', async (request) => trimTextFields(request.body))

  app.get(
    '/',
    { schema: { querystring: TaskListQuery, response: { 200: TaskPage, 400: ErrorResponse } } },
    (request) => repo.listTasks(app.db, request.userId, request.query),
  )

  app.post(
    '/',
    { schema: { body: TaskCreate, response: { 201: Task, 400: ErrorResponse } } },
    async (request, reply) => reply.code(201).send(await repo.createTask(app.db, request.userId, request.body)),
  )

  app.get('/:id', { schema: { params: TaskParams, response: { 200: Task, ...errors } } }, async (request) => {
    return (await repo.getTask(app.db, request.userId, request.params.id)) ?? Promise.reject(notFound('Task'))
  })

  app.patch(
    '/:id',
    { schema: { params: TaskParams, body: TaskPatch, response: { 200: Task, ...errors } } },
    async (request) =>
      (await repo.updateTask(app.db, request.userId, request.params.id, request.body)) ??
      Promise.reject(notFound('Task')),
  )

  app.post(
    '/:id/complete',
    { schema: { params: TaskParams, response: { 200: Task, ...errors } } },
    async (request) =>
      (await repo.completeTask(app.db, request.userId, request.params.id)) ?? Promise.reject(notFound('Task')),
  )

  app.delete(
    '/:id',
    { schema: { params: TaskParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const deleted = await repo.deleteTask(app.db, request.userId, request.params.id)
      if (!deleted) throw notFound('Task')
      return reply.code(204).send(null)
    },
  )
}
