// The chat loop on the OpenAI wire protocol, against a real HTTP server on loopback that
// replies as scripted: tool calls, bad arguments, the step bound, timeouts, streaming,
// disconnects, history and ownership.
//
// Longer than the 300-line guideline on purpose: each test scripts the same model server
// and app (setupOpenAi, events below) for one behaviour of the one loop.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { MAX_STEPS } from '../../src/chat/openai-brain.js'
import { setup, signUp, sqliteFile } from '../helper.js'
import { startOpenAiServer, type ScriptedReply } from '../openai-server.js'

async function setupOpenAi(options: { timeoutMs?: number; maxRetries?: number; baseUrl?: string } = {}) {
  const model = await startOpenAiServer()
  const user = await setup('sqlite', {
    openai: { apiKey: 'sk-test', baseUrl: options.baseUrl ?? model.baseUrl, model: 'test-model', ...options },
    chatRateLimit: 0, // the limit has its own test; the history test sends 21 turns
  })
  const chat = (message: string, extra: Record<string, unknown> = {}) =>
    user.inject({ method: 'POST', url: '/api/chat', payload: { message, ...extra } })
  return { model, user, chat }
}

/** Parses a text/event-stream body into [event, data] pairs. */
function events(body: string): [string, any][] {
  return body
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message'
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null'
      return [event, JSON.parse(data)]
    })
}

describe('the OpenAI brain', () => {
  it('reports its mode and model', async () => {
    const { user } = await setupOpenAi()
    expect((await user.inject('/api/chat/info')).json()).toEqual({ mode: 'openai', model: 'test-model' })
  })

  it('runs a turn with two tool calls and answers with the model’s text', async () => {
    const { model, user, chat } = await setupOpenAi()
    model.script(
      {
        tool_calls: [
          { name: 'add_task', arguments: { title: 'buy milk' } },
          { name: 'add_task', arguments: { title: 'call mom', priority: 'high', due_date: '2026-12-24' } },
        ],
      },
      { content: 'Added "buy milk" (#1) and "call mom" (#2).' },
    )
    const res = await chat('add buy milk and call mom (important, by christmas eve)')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.response).toBe('Added "buy milk" (#1) and "call mom" (#2).')
    expect(body.tool_calls).toEqual([
      { name: 'add_task', arguments: { title: 'buy milk' }, result: { task_number: 1, status: 'created', title: 'buy milk' }, read_only: false },
      {
        name: 'add_task',
        arguments: { title: 'call mom', priority: 'high', due_date: '2026-12-24' },
        result: { task_number: 2, status: 'created', title: 'call mom' },
        read_only: false,
      },
    ])
    const tasks = (await user.inject('/api/tasks')).json().items
    expect(tasks.map((t: any) => [t.title, t.priority, t.due_date])).toEqual([
      ['call mom', 'high', '2026-12-24'],
      ['buy milk', 'medium', null],
    ])

    // What the model was sent: model, tools, system prompt, then the tool results.
    const [first, second] = model.requests
    expect(first.model).toBe('test-model')
    expect(first.tools.map((t: any) => t.function.name).sort()).toEqual([
      'add_task',
      'clear_completed',
      'complete_task',
      'delete_task',
      'find_tasks',
      'get_task',
      'list_tasks',
      'reopen_task',
      'restore_tasks',
      'update_task',
    ])
    expect(first.messages[0].role).toBe('system')
    expect(first.messages[0].content).toMatch(/confirm every action/i)
    expect(first.messages.at(-1)).toEqual({ role: 'user', content: 'add buy milk and call mom (important, by christmas eve)' })
    const toolResults = second.messages.filter((m: any) => m.role === 'tool')
    expect(toolResults).toHaveLength(2)
    expect(JSON.parse(toolResults[0].content)).toMatchObject({ status: 'created', title: 'buy milk' })
  })

  it('returns invalid arguments to the model as the tool result, and the next step recovers', async () => {
    const { model, user, chat } = await setupOpenAi()
    model.script(
      { tool_calls: [{ name: 'add_task', arguments: { title: '', priority: 'urgent' } }] },
      { tool_calls: [{ name: 'add_task', arguments: { title: 'buy milk' } }] },
      { content: 'Added "buy milk".' },
    )
    const res = await chat('add buy milk')
    expect(res.statusCode).toBe(200)
    const [bad, good] = res.json().tool_calls
    expect(bad.result.error).toMatch(/the title can't be empty/)
    expect(bad.result.error).toMatch(/priority/)
    expect(good.result).toMatchObject({ status: 'created', title: 'buy milk' })
    const toolMessage = model.requests[1].messages.find((m: any) => m.role === 'tool')
    expect(JSON.parse(toolMessage.content).error).toMatch(/the title can't be empty/)
    expect((await user.inject('/api/tasks')).json().items).toHaveLength(1)
  })

  it('answers arguments that are not JSON, and an unknown tool, as tool results', async () => {
    const { model, chat } = await setupOpenAi()
    model.script(
      { tool_calls: [{ name: 'fly_to_the_moon', arguments: {} }, { name: 'list_tasks', arguments: '{"status": ' }] },
      { content: 'I can only manage tasks.' },
    )
    const res = await chat('fly me to the moon')
    expect(res.statusCode).toBe(200)
    expect(res.json().tool_calls.map((c: any) => c.result.error)).toEqual([
      expect.stringMatching(/^Unknown tool "fly_to_the_moon"/),
      'The arguments are not valid JSON',
    ])
    expect(res.json().tool_calls.map((c: any) => c.read_only)).toEqual([true, true]) // nothing ran; list_tasks only reads
    expect(res.json().response).toBe('I can only manage tasks.')
  })

  it(`stops a model that never stops calling tools after ${MAX_STEPS} calls`, async () => {
    const { model, chat } = await setupOpenAi()
    model.script(...Array.from({ length: 20 }, (): ScriptedReply => ({ tool_calls: [{ name: 'list_tasks', arguments: {} }] })))
    const res = await chat('loop forever')
    expect(res.statusCode).toBe(200)
    expect(model.requests).toHaveLength(MAX_STEPS)
    expect(res.json().tool_calls).toHaveLength(MAX_STEPS)
    expect(res.json().response).toMatch(`stopped after ${MAX_STEPS} steps`)
  })

  it.each([
    [{ status: 401 }, 502, 'AI_AUTH', /rejected the API key/, 1],
    [{ status: 429 }, 503, 'AI_RATE_LIMITED', /rate-limiting/, 3],
    [{ status: 500 }, 502, 'AI_UNAVAILABLE', /failed; try again/, 3],
    [{ status: 503 }, 502, 'AI_UNAVAILABLE', /failed; try again/, 3],
    [{ status: 404 }, 502, 'AI_MODEL', /model "test-model"/, 1],
    [{ raw: 'this is not json' }, 502, 'AI_BAD_RESPONSE', /could not be understood/, 1],
    [{ raw: '{"id":"x","choices":[]}' }, 502, 'AI_BAD_RESPONSE', /could not be understood/, 1],
  ] as const)('a model server answering %j gives %i %s, keeps the user message, and stays up', async (reply, status, code, message, calls) => {
    const { model, user, chat } = await setupOpenAi()
    model.script(reply, reply, reply)
    const res = await chat('add buy milk')
    expect(res.statusCode).toBe(status)
    expect(res.json().error).toEqual({ code, message: expect.stringMatching(message) })
    expect(model.requests).toHaveLength(calls) // 429 and 5xx are retried twice with backoff
    const [conversation] = (await user.inject('/api/conversations')).json().items
    const messages = (await user.inject(`/api/conversations/${conversation.id}/messages`)).json().items
    expect(messages.map((m: any) => [m.role, m.content])).toEqual([['user', 'add buy milk']])
    expect((await user.inject('/health')).statusCode).toBe(200)
  })

  it('gives 504 when the model server does not answer in time', async () => {
    const { model, chat } = await setupOpenAi({ timeoutMs: 300, maxRetries: 0 })
    model.script({ hang: true })
    const res = await chat('add buy milk')
    expect(res.statusCode).toBe(504)
    expect(res.json().error.code).toBe('AI_TIMEOUT')
  })

  it('gives 503 when the model server cannot be reached', async () => {
    const closed = http.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    const { chat } = await setupOpenAi({ baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 0 })
    const res = await chat('add buy milk')
    expect(res.statusCode).toBe(503)
    expect(res.json().error.code).toBe('AI_UNREACHABLE')
  })

  it('records the tool calls that ran before the model server failed', async () => {
    const { model, user, chat } = await setupOpenAi({ maxRetries: 0 })
    model.script({ tool_calls: [{ name: 'add_task', arguments: { title: 'buy milk' } }] }, { status: 500 })
    expect((await chat('add buy milk')).statusCode).toBe(502)
    const [conversation] = (await user.inject('/api/conversations')).json().items
    const messages = (await user.inject(`/api/conversations/${conversation.id}/messages`)).json().items
    expect(messages[1].tool_calls).toEqual([expect.objectContaining({ name: 'add_task', result: expect.objectContaining({ status: 'created' }) })])
    expect((await user.inject('/api/tasks')).json().items).toHaveLength(1)
  })

  it('streams a turn end to end: start, tool events, text deltas, done', async () => {
    const { model, user } = await setupOpenAi()
    model.script(
      { tool_calls: [{ name: 'add_task', arguments: { title: 'buy milk', due_date: '2026-12-01' } }] },
      { content: 'Added "buy milk", due December 1st.' },
    )
    const res = await user.inject({
      method: 'POST',
      url: '/api/chat',
      headers: { accept: 'text/event-stream' },
      payload: { message: 'add buy milk by dec 1' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/)
    expect(res.headers['x-accel-buffering']).toBe('no')
    expect(model.requests.every((r) => r.stream === true)).toBe(true)
    const stream = events(res.body)
    expect(stream.map(([e]) => e)).toEqual(['start', 'tool', 'delta', 'delta', 'done'])
    expect(stream[1]![1]).toMatchObject({ name: 'add_task', result: { status: 'created', title: 'buy milk' } })
    const text = stream.filter(([e]) => e === 'delta').map(([, d]) => d.text).join('')
    expect(text).toBe('Added "buy milk", due December 1st.')
    const done = stream.at(-1)![1]
    expect(done).toMatchObject({ conversation_id: stream[0]![1].conversation_id, response: text })
    expect(done.assistant_message_id).toBeGreaterThan(done.user_message_id)
  })

  it('streams a model failure as an error event after the start', async () => {
    const { model, user } = await setupOpenAi({ maxRetries: 0 })
    model.script({ status: 401 })
    const res = await user.inject({
      method: 'POST',
      url: '/api/chat',
      headers: { accept: 'text/event-stream' },
      payload: { message: 'hello' },
    })
    const stream = events(res.body)
    expect(stream.map(([e]) => e)).toEqual(['start', 'error'])
    expect(stream[1]![1].error).toMatchObject({ code: 'AI_AUTH', status: 502 })
  })

  it('keeps a turn whole when the client disconnects mid-stream', async () => {
    const model = await startOpenAiServer()
    const file = sqliteFile()
    const app = await buildApp({
      database: { kind: 'sqlite', path: file },
      corsOrigins: [],
      openai: { apiKey: 'sk-test', baseUrl: model.baseUrl, model: 'test-model' },
    })
    try {
      const user = await signUp(app)
      const address = await app.listen({ port: 0, host: '127.0.0.1' })
      model.script(
        { tool_calls: [{ name: 'add_task', arguments: { title: 'buy milk' } }] },
        { content: 'Added "buy milk" to your list, as you asked.', chunkDelayMs: 150 },
      )
      await new Promise<void>((resolve, reject) => {
        const req = http.request(`${address}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${user.token}` },
        })
        req.on('response', (res) => {
          res.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('event: tool')) {
              res.destroy() // the user closes the tab
              resolve()
            }
          })
        })
        req.on('error', reject)
        req.end(JSON.stringify({ message: 'add buy milk' }))
      })
      // The turn finishes on the server; the stored conversation holds the whole reply.
      let messages: any[] = []
      for (let i = 0; i < 50 && messages.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 100))
        const [conversation] = (await user.inject('/api/conversations')).json().items
        messages = (await user.inject(`/api/conversations/${conversation.id}/messages`)).json().items
      }
      expect(messages.map((m) => [m.role, m.content])).toEqual([
        ['user', 'add buy milk'],
        ['assistant', 'Added "buy milk" to your list, as you asked.'],
      ])
      expect(messages[1].tool_calls).toHaveLength(1)
    } finally {
      await app.close()
    }
  })

  it('rebuilds the history from the database, so another instance continues the conversation', async () => {
    const model = await startOpenAiServer()
    const file = sqliteFile()
    const options = {
      database: { kind: 'sqlite' as const, path: file },
      corsOrigins: [],
      openai: { apiKey: 'sk-test', baseUrl: model.baseUrl, model: 'test-model' },
    }
    const first = await buildApp(options)
    const user = await signUp(first)
    model.script({ tool_calls: [{ name: 'add_task', arguments: { title: 'buy milk' } }] }, { content: 'Added "buy milk".' })
    const turn1 = (await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'add buy milk' } })).json()
    await first.close()

    const second = await buildApp(options)
    try {
      model.script({ content: 'You asked me to add "buy milk".' })
      const res = await second.inject({
        method: 'POST',
        url: '/api/chat',
        headers: { authorization: `Bearer ${user.token}` },
        payload: { conversation_id: turn1.conversation_id, message: 'what did I just ask?' },
      })
      expect(res.statusCode).toBe(200)
      const sent = model.requests.at(-1).messages
      expect(sent.map((m: any) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'user'])
      expect(sent[1].content).toBe('add buy milk')
      expect(sent[2].tool_calls[0].function).toEqual({ name: 'add_task', arguments: '{"title":"buy milk"}' })
      expect(JSON.parse(sent[3].content)).toMatchObject({ status: 'created', title: 'buy milk' })
      expect(sent[3].tool_call_id).toBe(sent[2].tool_calls[0].id)
      expect(sent[4].content).toBe('Added "buy milk".')
    } finally {
      await second.close()
    }
  })

  it('caps the history sent to the model at the last 30 messages', async () => {
    const { model, chat } = await setupOpenAi()
    model.script(...Array.from({ length: 21 }, (_, i): ScriptedReply => ({ content: `reply ${i}` })))
    const first = (await chat('message 0')).json()
    for (let i = 1; i <= 20; i++) await chat(`message ${i}`, { conversation_id: first.conversation_id })
    const sent = model.requests.at(-1).messages
    expect(sent).toHaveLength(1 + 30 + 1) // system, the last 30 stored, the new message
    expect(sent.at(-1).content).toBe('message 20')
    expect(sent[1].content).toBe('message 5')
  })

  it('cannot touch another user’s tasks, even when the model names their numbers', async () => {
    const { model, user: alice } = await setupOpenAi()
    await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'alice first' } })
    const task = (await alice.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'alice only' } })).json()
    const bob = await signUp(alice.app)
    const n = task.number
    model.script(
      {
        tool_calls: [
          { name: 'delete_task', arguments: { task_number: n } },
          { name: 'complete_task', arguments: { task_number: n } },
          { name: 'update_task', arguments: { task_number: n, title: 'mine now' } },
          { name: 'get_task', arguments: { task_number: n } },
          { name: 'restore_tasks', arguments: { task_numbers: [1, n] } },
          { name: 'find_tasks', arguments: { description: 'alice' } },
          { name: 'clear_completed', arguments: {} },
        ],
      },
      { content: 'Those tasks do not exist.' },
    )
    const res = await bob.inject({ method: 'POST', url: '/api/chat', payload: { message: `delete task ${n}` } })
    expect(res.json().tool_calls.map((c: any) => c.result)).toEqual([
      { error: `There is no task #${n}` },
      { error: `There is no task #${n}` },
      { error: `There is no task #${n}` },
      { error: `There is no task #${n}` },
      { error: 'Those tasks are not in the trash' },
      { match: null, candidates: [] },
      { status: 'deleted', tasks: [] },
    ])
    expect((await alice.inject(`/api/tasks/${n}`)).json()).toEqual(task)
    expect((await alice.inject('/api/tasks/counts')).json()).toEqual({ all: 2, pending: 2, completed: 0, deleted: 0 })
  })
})
