import rateLimit from '@fastify/rate-limit'
import { databaseStore } from '../limits/database-store.js'
import { ensureMessageRoom } from '../limits/quotas.js'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { ErrorResponse, HttpError, notFound } from '../errors.js'
import { AiServiceError } from './brain.js'
import { ChatInfo, ChatRequest, ChatResponse, ConversationList, ConversationParams, MessageList } from './chat.schema.js'
import { openConversation, runTurn } from './chat.service.js'
import * as conversations from './conversations.repository.js'

/** A comment line on an open event stream this often, so no proxy or client deems it idle. */
export const HEARTBEAT_MS = 15_000

export interface ChatRoutesOptions {
  /** Chat turns allowed per user per minute (model spend); 0 turns the limit off. */
  turnsPerMinute: number
  heartbeatMs?: number
}

/** What a failed turn tells the client: the model server's failure, or an expected HTTP error. */
function clientError(error: unknown): HttpError | undefined {
  if (error instanceof AiServiceError) return new HttpError(error.statusCode, error.code, error.message)
  return error instanceof HttpError ? error : undefined
}

export const chatRoutes: FastifyPluginAsyncTypebox<ChatRoutesOptions> = async (app, { turnsPerMinute, heartbeatMs = HEARTBEAT_MS }) => {
  const { brain } = app
  /** Counts a turn the brain ran: outcome "ok", or the code the client was told. */
  const countTurn = (outcome: string) => app.metrics.chatTurns.inc({ brain: brain.mode, outcome })
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler', // after the session hook, so the limit is per user
    store: databaseStore(app.db), // shared by every replica
    keyGenerator: (request) => `chat:${request.userId}`,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'RATE_LIMITED', `Too many messages; try again in ${Math.ceil(context.ttl / 1000)} s`),
  })
  const limited = { rateLimit: turnsPerMinute > 0 ? { max: turnsPerMinute, timeWindow: 60_000 } : (false as const) }
  const deps = (request: FastifyRequest) => {
    const timeZone = (request.body as { time_zone?: string } | undefined)?.time_zone
    return { db: app.db, brain, log: request.log, quotas: app.quotas, ...(timeZone && { timeZone }) }
  }

  app.get('/chat/info', { schema: { response: { 200: ChatInfo } } }, async () => ({ mode: brain.mode, model: brain.model }))

  app.post(
    '/chat',
    {
      config: limited,
      schema: {
        body: ChatRequest,
        response: { 200: ChatResponse, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse, '5xx': ErrorResponse },
      },
      preValidation: async (request) => {
        const body = request.body as { message?: unknown } | undefined
        if (typeof body?.message === 'string') body.message = body.message.trim()
      },
    },
    async (request, reply) => {
      const { conversation_id, message } = request.body
      // A turn may wait on the model for up to a minute per step: the idle timeout that ends
      // silent connections (http/server-options.ts) does not apply to this one. The request itself, which
      // the request timeout bounds, has fully arrived by now.
      request.raw.socket?.setTimeout?.(0) // (an injected request has no real socket)
      await ensureMessageRoom(app.db, request.userId, app.quotas)
      const conversation = await openConversation(app.db, request.userId, conversation_id, message)
      if (!request.headers.accept?.includes('text/event-stream')) {
        try {
          const { user_message_id: _u, assistant_message_id: _a, ...result } = await runTurn(
            deps(request),
            request.userId,
            conversation,
            message,
          )
          countTurn('ok')
          return result
        } catch (error) {
          countTurn(clientError(error)?.code ?? 'INTERNAL')
          throw clientError(error) ?? error
        }
      }

      // Server-sent events: start, text deltas, one event per tool call, then done (or error).
      // The turn runs to its end even if the client goes away, so what is stored is always a
      // whole turn: the user's message and the complete reply.
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // tell nginx not to buffer this response
        'x-request-id': request.id,
      })
      const write = (text: string) => {
        if (!res.destroyed && !res.writableEnded) res.write(text)
      }
      const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs)
      try {
        const result = await runTurn(deps(request), request.userId, conversation, message, {
          onStart: (ids) => send('start', ids),
          onDelta: (text) => send('delta', { text }),
          onToolCall: (call) => send('tool', call),
        })
        send('done', result)
        countTurn('ok')
      } catch (error) {
        const known = clientError(error)
        countTurn(known?.code ?? 'INTERNAL')
        if (!known) request.log.error({ err: error }, 'chat turn failed')
        send('error', {
          error: known
            ? { code: known.code, message: known.message, status: known.statusCode }
            : { code: 'INTERNAL', message: 'Internal Server Error', status: 500 },
        })
      } finally {
        clearInterval(heartbeat)
        res.end()
      }
    },
  )

  app.get('/conversations', { schema: { response: { 200: ConversationList } } }, async (request) => ({
    items: await conversations.listConversations(app.db, request.userId),
  }))

  app.get(
    '/conversations/:id/messages',
    { schema: { params: ConversationParams, response: { 200: MessageList, 400: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const conversation = await conversations.getConversation(app.db, request.userId, request.params.id)
      if (!conversation) throw notFound('Conversation')
      return { items: await conversations.listMessages(app.db, request.userId, conversation.id) }
    },
  )

  app.delete(
    '/conversations/:id',
    { schema: { params: ConversationParams, response: { 204: Type.Null(), 400: ErrorResponse, 404: ErrorResponse } } },
    async (request, reply) => {
      if (!(await conversations.deleteConversation(app.db, request.userId, request.params.id))) {
        throw notFound('Conversation')
      }
      return reply.code(204).send(null)
    },
  )
}
