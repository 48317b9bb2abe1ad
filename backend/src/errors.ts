import http, { type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance } from 'fastify'
import type { ErrorObject } from 'ajv'
import { RETRY_AFTER_SECONDS, unavailableCause } from './db/unavailable.js'
import { QuotaExceededError } from './limits/quotas.js'
import { IdempotencyKeyBusyError } from './tasks/idempotency.repository.js'
import { InvalidCursorError } from './tasks/tasks.cursor.js'
import { describeAjvError } from './validation.js'

export { ErrorResponse, type ErrorBody } from './errors.schema.js'

/**
 * Thrown by routes for an expected failure with a client-facing message. Repositories throw
 * domain errors instead (DOMAIN_ERRORS below), or return undefined for a missing row.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} not found`)

/**
 * Failures the layers below HTTP report in their own terms, and the status each is answered
 * with; the error's code and message (written for the user) become the body.
 */
const DOMAIN_ERRORS: [new (...args: never[]) => Error & { code: string }, number][] = [
  [QuotaExceededError, 403],
  [InvalidCursorError, 400],
  [IdempotencyKeyBusyError, 409],
]

/** Fastify's own 4xx errors, renamed to codes (and messages) that tell a client what to fix. */
const FASTIFY_ERRORS: Record<string, { code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 1 MiB' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the request body as JSON with Content-Type: application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_JSON' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_JSON', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST' },
}

/**
 * Database conditions a client can do something about (wait, retry): a full disk (SQLite's
 * SQLITE_FULL, PostgreSQL's 53100) and a write lock held past the busy timeout. Nothing is
 * written in either case, and reads keep working.
 */
const STORAGE_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  SQLITE_FULL: { status: 507, code: 'STORAGE_FULL', message: 'The server is out of storage space; nothing was saved. Try again later.' },
  '53100': { status: 507, code: 'STORAGE_FULL', message: 'The server is out of storage space; nothing was saved. Try again later.' },
  SQLITE_BUSY: { status: 503, code: 'DATABASE_BUSY', message: 'The database is busy; nothing was saved. Try again.' },
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
}

/** The first Ajv error as "title must NOT have more than 200 characters" and its field. */
function describeValidation(error: FastifyError): { field: string; message: string } {
  const first = error.validation?.[0]
  if (first === undefined) return { field: '', message: error.message }
  const { field, problem } = describeAjvError(first as ErrorObject)
  const where = field || (error.validationContext ?? 'request')
  return { field: field || (error.validationContext ?? ''), message: `${where} ${problem}` }
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError>((error, request, reply) => {
    if (error.validation) {
      const { field, message } = describeValidation(error)
      return reply.code(400).send({ error: { code: 'VALIDATION_ERROR', message, field } })
    }
    const status = error.statusCode ?? 500
    if (error instanceof HttpError) {
      return reply.code(status).send({ error: { code: error.code, message: error.message } })
    }
    for (const [type, domainStatus] of DOMAIN_ERRORS) {
      if (error instanceof type) return reply.code(domainStatus).send({ error: { code: error.code, message: error.message } })
    }
    // The database is gone (db/unavailable.ts): 503 and when to try again, never a 500.
    const unavailable = unavailableCause(error)
    if (unavailable) {
      request.log.warn({ err: unavailable.cause }, 'database unavailable')
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ error: { code: unavailable.code, message: unavailable.message } })
    }
    const storage = STORAGE_ERRORS[error.code]
    if (storage) {
      request.log.error({ err: error }, 'database write failed')
      return reply.code(storage.status).send({ error: { code: storage.code, message: storage.message } })
    }
    if (status >= 400 && status < 500) {
      const known = FASTIFY_ERRORS[error.code]
      const code = known?.code ?? STATUS_CODES[status] ?? 'BAD_REQUEST'
      return reply.code(status).send({ error: { code, message: known?.message ?? error.message } })
    }
    // Details of a 5xx go to the log (with the request id), never to the client.
    request.log.error({ err: error }, 'request failed')
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal Server Error' } })
  })

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: { code: 'NOT_FOUND', message: `Route ${request.method} ${request.url.split('?')[0]} not found` },
    })
  })
}

/** Node's parser errors (bad framing, oversized headers, a request too slow) in our words. */
function describeClientError(code: string | undefined): { status: number; code: string; message: string } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are larger than 16 KiB' }
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request was not received in time; send it again' }
  }
  return {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'The request is not valid HTTP/1.1 (check Content-Length, Transfer-Encoding and the chunk sizes)',
  }
}

/** The request each connection last began to answer (app.ts's onSend), while it lives. */
const answering = new WeakMap<Socket, IncomingMessage>()

export function answerStarted(request: IncomingMessage): void {
  answering.set(request.socket, request)
}

/**
 * Answers a request Node could not parse (it never reaches a route) in the API's error
 * shape, then closes the connection, as Node and Fastify do by default. A request already
 * answered from its headers alone (a 401) whose body then breaks the parser has its answer:
 * the connection is only closed, so that no second answer follows the first.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const { status, code, message } = describeClientError(error.code)
  this.log.debug({ err: error }, 'client error')
  if (!socket.writable || answering.get(socket)?.complete === false) return void socket.destroy()
  const body = JSON.stringify({ error: { code, message } })
  // end(), not write() + destroy(): the answer is flushed before the connection closes.
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
