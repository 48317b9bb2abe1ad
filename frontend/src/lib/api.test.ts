import { afterEach, describe, expect, it, vi } from 'vitest'
import * as api from './api'
import { UNREACHABLE } from './messages'

afterEach(() => {
  vi.unstubAllGlobals()
})

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  vi.stubGlobal('fetch', async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers }))
}

const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('resolved'), (error: api.ApiError) => error)

describe('api errors', () => {
  it('a write refused for its rate says when to try again, from the Retry-After seconds', async () => {
    answer(429, { error: { code: 'RATE_LIMITED', message: 'Too many changes; try again in 42 s' } }, { 'retry-after': '42' })
    const error = await failure(api.createTask({ title: 'x' }))
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', message: 'That was a lot at once. Try again in 42 seconds.', retryAfter: 42 })
  })

  it('a 429 without a readable body still says when to try again', async () => {
    answer(429, '<html>slow down</html>', { 'retry-after': '7' })
    const error = await failure(api.createTask({ title: 'x' }))
    expect(error).toMatchObject({ code: 'RATE_LIMITED', message: 'That was a lot at once. Try again in 7 seconds.', retryAfter: 7 })
  })

  it('a proxy’s page for a backend that is down, and no answer at all, say the server cannot be reached', async () => {
    answer(502, '<html>Bad Gateway</html>')
    expect(await failure(api.listTasks({}))).toMatchObject({ status: 502, message: UNREACHABLE })
    answer(503, { error: { code: 'API_UNAVAILABLE', message: 'The API is not reachable right now; try again shortly' } })
    expect(await failure(api.listTasks({}))).toMatchObject({ status: 503, code: 'API_UNAVAILABLE', message: UNREACHABLE })
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch')
    })
    expect(await failure(api.listTasks({}))).toMatchObject({ status: 0, code: 'OFFLINE', message: UNREACHABLE })
  })

  it('a validation error names the limit in words, not the schema’s', async () => {
    answer(400, { error: { code: 'VALIDATION_ERROR', message: 'title must NOT have more than 200 characters', field: 'title' } })
    expect(await failure(api.createTask({ title: 'x' }))).toMatchObject({ code: 'VALIDATION_ERROR', field: 'title', message: 'Titles can be up to 200 characters.' })
  })

  it('a quota refusal carries the server’s message', async () => {
    answer(403, { error: { code: 'QUOTA_EXCEEDED', message: 'You have 5000 tasks, the most an account can hold; delete some first' } })
    const error = await failure(api.createTask({ title: 'x' }))
    expect(error).toMatchObject({ status: 403, code: 'QUOTA_EXCEEDED', message: 'You have 5000 tasks, the most an account can hold; delete some first' })
  })
})

/** A chat reply streamed in the pieces given, as a network would cut it. */
function stream(pieces: string[], { drop = false } = {}) {
  vi.stubGlobal('fetch', async () => {
    const encoder = new TextEncoder()
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(encoder.encode(piece))
        if (drop) controller.error(new TypeError('network error'))
        else controller.close()
      },
    })
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
  })
}

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

describe('sendChat', () => {
  const done = { conversation_id: 3, response: 'Added "buy milk".', tool_calls: [] }

  it('hands each event to its handler, however the network cut them, and resolves with the reply', async () => {
    const text = [
      sse('start', { conversation_id: 3, user_message_id: 1 }),
      sse('tool', { name: 'add_task', arguments: {}, result: { task_number: 7, status: 'created', title: 'buy milk' } }),
      sse('delta', { text: 'Added ' }),
      sse('delta', { text: '"buy milk".' }),
      sse('done', done),
    ].join('')
    stream([text.slice(0, 10), text.slice(10, 57), text.slice(57, 200), text.slice(200)])
    const seen: string[] = []
    const reply = await api.sendChat('add buy milk', undefined, {
      onStart: (ids) => seen.push(`start ${ids.conversation_id}`),
      onTool: (call) => seen.push(`tool ${call.name}`),
      onDelta: (delta) => seen.push(delta),
    })
    expect(seen).toEqual(['start 3', 'tool add_task', 'Added ', '"buy milk".'])
    expect(reply).toEqual(done)
  })

  it('turns an error event into an ApiError with the server’s code, in words for the user', async () => {
    stream([sse('start', { conversation_id: 3, user_message_id: 1 }), sse('error', { error: { status: 502, code: 'AI_AUTH', message: 'The AI service rejected the API key. Check OPENAI_API_KEY.' } })])
    const error = await failure(api.sendChat('hi', 3))
    expect(error).toMatchObject({ status: 502, code: 'AI_AUTH', message: 'The assistant is not available right now. Your tasks are fine; try again later.' })
  })

  it('says the connection dropped when the stream ends or breaks before "done"', async () => {
    stream([sse('delta', { text: 'Add' })])
    expect(await failure(api.sendChat('hi', 3))).toMatchObject({ code: 'OFFLINE', message: 'The connection dropped before the reply finished.' })
    stream([sse('delta', { text: 'Add' })], { drop: true })
    expect(await failure(api.sendChat('hi', 3))).toMatchObject({ code: 'OFFLINE', message: 'The connection dropped before the reply finished.' })
  })
})

describe('a session that ends under a request', () => {
  afterEach(() => api.setUnauthorizedHandler(async () => false))

  /** A server whose session ended: 401 until `signIn` is called, then 201s; counts requests. */
  function endedSession() {
    const seen: { path: string; headers: Headers }[] = []
    let signedIn = false
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      seen.push({ path: url, headers: new Headers(init.headers) })
      if (!signedIn && !url.startsWith('/api/auth/')) {
        return new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'Sign in first' } }), { status: 401 })
      }
      if (url.startsWith('/api/auth/')) return new Response(JSON.stringify({ error: { code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' } }), { status: 401 })
      return new Response(JSON.stringify({ number: 1, title: 'x' }), { status: 201 })
    })
    return { seen, signIn: () => (signedIn = true) }
  }

  it('asks once to sign in again, then sends every interrupted request again, headers and all', async () => {
    const server = endedSession()
    let asked = 0
    api.setUnauthorizedHandler(async () => {
      asked++
      await new Promise((r) => setTimeout(r, 10))
      server.signIn()
      return true
    })
    const [a, b] = await Promise.all([api.createTask({ title: 'a' }, 'key-a'), api.updateTask(1, { title: 'b' }, 4)])
    expect(a).toMatchObject({ number: 1 })
    expect(b).toMatchObject({ number: 1 })
    expect(asked).toBe(1)
    expect(server.seen).toHaveLength(4)
    const retried = server.seen.slice(2)
    expect(retried.find((r) => r.headers.get('idempotency-key'))?.headers.get('idempotency-key')).toBe('key-a')
    expect(retried.find((r) => r.headers.get('if-match'))?.headers.get('if-match')).toBe('"4"')
  })

  it('fails with the 401 when the user signs out instead, and never asks for a sign-in’s own wrong password', async () => {
    endedSession()
    let asked = 0
    api.setUnauthorizedHandler(async () => (asked++, false))
    expect(await failure(api.createTask({ title: 'a' }))).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
    expect(asked).toBe(1)
    expect(await failure(api.signIn('a@example.com', 'wrong'))).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' })
    expect(asked).toBe(1)
  })
})

describe('the account a page was opened for', () => {
  afterEach(() => api.setExpectedUser('', () => {}))

  it('is named on every API request but the account ones, and a 412 ACCOUNT_CHANGED tells the page', async () => {
    const seen: Headers[] = []
    let changed = 0
    api.setExpectedUser('user-ada', () => changed++)
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      seen.push(new Headers(init.headers))
      return new Response(JSON.stringify({ error: { code: 'ACCOUNT_CHANGED', message: 'Another account is signed in now; reload the page' } }), { status: 412 })
    })
    expect(await failure(api.deleteTask(1))).toMatchObject({ status: 412, code: 'ACCOUNT_CHANGED' })
    expect(seen[0]!.get('x-expected-user')).toBe('user-ada')
    expect(changed).toBe(1)
    await failure(api.signIn('ada@example.com', 'x'))
    expect(seen[1]!.get('x-expected-user')).toBeNull()
    expect(api.expectedUserQuery()).toBe('expected_user=user-ada')
  })
})
