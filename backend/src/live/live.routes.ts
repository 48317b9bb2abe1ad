// GET /api/tasks/events: a user's task changes as server-sent events (docs/api.md, "Live
// changes"). Without a position it announces the head (`ready`) and sends what changes from
// then on; with Last-Event-ID (or ?last_event_id) it first replays every change after it, or
// sends `reset` when the log no longer holds them all.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse, HttpError } from '../errors.js'
import { headSeq, holdsChangesAfter } from './changes.repository.js'
import { EventStream } from './event-stream.js'
import { TaskEventsHeaders, TaskEventsQuery } from './live.schema.js'

/** What EventSource waits before reconnecting after the stream ends. */
export const RETRY_MS = 2000

/**
 * Open streams per user per process: a board per tab, several tabs and devices, never
 * thousands (each holds a socket and a place in every wake-up).
 */
export const MAX_STREAMS_PER_USER = 10

export const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/events',
    {
      schema: {
        description:
          'text/event-stream of the user\'s task changes: events ready, task, removed, reset (each with id = seq), and ": ping" every 15 s.',
        headers: TaskEventsHeaders,
        querystring: TaskEventsQuery,
        response: { 400: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      if (app.live.closing) throw new HttpError(503, 'SERVICE_UNAVAILABLE', 'The server is restarting; connect again')
      if (app.live.countFor(request.userId) >= MAX_STREAMS_PER_USER) {
        throw new HttpError(429, 'TOO_MANY_STREAMS', `At most ${MAX_STREAMS_PER_USER} boards can follow changes at once; close one`)
      }
      const given = request.headers['last-event-id'] ?? request.query.last_event_id
      const from = given === undefined ? undefined : Number(given)
      // The stream is silent between changes but for its pings: no idle timeout applies.
      request.raw.socket?.setTimeout?.(0)
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx forwards each event at once
        'x-request-id': request.id,
      })
      // The session is asked again before each change is sent and at each ping.
      const stream = new EventStream(request.userId, app.db, res, request.log, () => app.sessionHolds(request), {
        onEnd: (s) => app.live.unsubscribe(s),
        maxBufferedBytes: app.live.maxBufferedBytes,
      })
      const gone = () => {
        stream.closed = true
        app.live.unsubscribe(stream)
      }
      res.on('close', gone)
      // A client that left while the session was looked up: 'close' has been and gone.
      const left = () => res.destroyed || request.raw.destroyed || request.raw.socket?.destroyed === true
      if (left()) return gone()
      try {
        await app.live.subscribe(stream) // first, so no change after the head read is missed
        if (stream.closed || left()) return gone()
        stream.write(`retry: ${RETRY_MS}\n\n`)
        const head = await headSeq(app.db, request.userId)
        if (from === undefined) {
          stream.send('ready', head, { seq: head })
          stream.start(head)
        } else if (await holdsChangesAfter(app.db, request.userId, from, head)) {
          stream.start(from)
        } else {
          stream.send('reset', head, { seq: head })
          stream.start(head)
        }
      } catch (err) {
        request.log.error({ err }, 'live: opening the stream failed')
        stream.end()
      }
    },
  )
}
