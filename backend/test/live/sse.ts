// A small server-sent events client over a real HTTP connection (fetch), read with
// eventsource-parser as a browser's EventSource reads it: each event, the retry and the
// comment lines, and a way to wait for the next event that matches.
import { createParser, type EventSourceMessage } from 'eventsource-parser'

export interface SseStream {
  status: number
  headers: Headers
  events: EventSourceMessage[]
  comments: string[]
  retry: number | undefined
  /**
   * Resolves with the first event (from the start) matching, or rejects after `timeoutMs`;
   * Infinity waits with the test's own timeout as the only bound.
   */
  waitFor: (match: (e: EventSourceMessage) => boolean, timeoutMs?: number) => Promise<EventSourceMessage>
  /** Resolves once the server ends the response. */
  ended: Promise<void>
  close: () => void
}

export async function openStream(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController()
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal })
  const waiters = new Set<() => void>()
  const stream: SseStream = {
    status: res.status,
    headers: res.headers,
    events: [],
    comments: [],
    retry: undefined,
    waitFor: (match, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = stream.events.find(match)
          if (!found) return
          waiters.delete(check)
          clearTimeout(timer)
          resolve(found)
        }
        const timer = Number.isFinite(timeoutMs)
          ? setTimeout(() => {
              waiters.delete(check)
              reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(stream.events)}`))
            }, timeoutMs)
          : undefined
        waiters.add(check)
        check()
      }),
    ended: Promise.resolve(),
    close: () => abort.abort(),
  }
  const parser = createParser({
    onEvent: (event) => {
      stream.events.push(event)
      for (const waiter of [...waiters]) waiter()
    },
    onRetry: (ms) => (stream.retry = ms),
    onComment: (comment) => stream.comments.push(comment.trim()),
  })
  stream.ended = (async () => {
    if (!res.body) return
    const decoder = new TextDecoder()
    const reader = res.body.getReader()
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        parser.feed(decoder.decode(chunk.value, { stream: true }))
      }
    } catch {
      // aborted by close()
    }
  })()
  return stream
}

/** The parsed data of an event. */
export const data = (e: EventSourceMessage) => JSON.parse(e.data) as Record<string, any>
