// 3. Chat: a built-in-assistant turn over HTTP, and the server's own overhead in an
// OpenAI-brain turn with two tool calls against a wire-protocol server answering at once.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { BEFORE_REF, beforeRoot, fmt, percentiles, row, startBackend, table, tempDir, userWithTasks, WARMUP_SECONDS, wrk, type WrkResult } from './lib.js'

interface Model {
  url: string
  /** Milliseconds the model server spent since the last reset. */
  taken: () => number
  reset: () => void
  stop: () => void
}

function instantModel(): Promise<Model> {
  let modelMs = 0
  const server = http.createServer(async (req, res) => {
    const t = performance.now()
    let body = ''
    for await (const c of req) body += c
    const request = JSON.parse(body) as { model: string; messages: { role: string }[] }
    const done = request.messages.at(-1)?.role === 'tool'
    const message = done
      ? { role: 'assistant', content: 'Added both.' }
      : {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'add_task', arguments: '{"title":"one"}' } },
            { id: 'b', type: 'function', function: { name: 'add_task', arguments: '{"title":"two"}' } },
          ],
        }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: request.model, choices: [{ index: 0, message, finish_reason: done ? 'stop' : 'tool_calls' }] }))
    modelMs += performance.now() - t
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, taken: () => modelMs, reset: () => (modelMs = 0), stop: () => server.close() }),
    ),
  )
}

/** Built-in assistant turns ("what's pending?", 50 tasks) at 10 connections. */
const builtinTurns = (url: string, token: string) =>
  wrk(`${url}/api/chat`, {
    method: 'POST',
    body: '{"message":"what\'s pending?"}',
    headers: { Authorization: `Bearer ${token}` },
    connections: 10,
    warmup: true,
  })

export default async function chat() {
  const builtin = await startBackend({ DATABASE_URL: path.join(tempDir('todo-bench-chat-'), 'todo.db') })
  const token = await userWithTasks(builtin.url, 50)
  const turn = await builtinTurns(builtin.url, token)
  // Baseline: the plain list of the same 50 tasks, same server, same load.
  const list = await wrk(`${builtin.url}/api/tasks`, { headers: { Authorization: `Bearer ${token}` }, connections: 10, warmup: true })
  await builtin.stop()

  let beforeTurn: WrkResult | undefined
  if (BEFORE_REF) {
    const old = await startBackend({ DATABASE_URL: path.join(tempDir('todo-bench-before-chat-'), 'todo.db') }, await beforeRoot())
    beforeTurn = await builtinTurns(old.url, await userWithTasks(old.url, 50))
    await old.stop()
  }

  const model = await instantModel()
  const ai = await startBackend({
    DATABASE_URL: path.join(tempDir('todo-bench-chat-ai-'), 'todo.db'),
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: model.url,
    OPENAI_MODEL: 'bench-model',
  })
  const aiToken = await userWithTasks(ai.url, 0)
  const overheads: number[] = []
  for (let i = 0; i < 220; i++) {
    model.reset()
    const t = performance.now()
    const res = await fetch(`${ai.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${aiToken}` },
      body: JSON.stringify({ message: 'add one and two' }),
    })
    const body = (await res.json()) as { tool_calls?: unknown[] }
    if (body.tool_calls?.length !== 2) throw new Error(`unexpected turn: ${JSON.stringify(body)}`)
    if (i >= 20) overheads.push(performance.now() - t - model.taken())
  }
  await ai.stop()
  model.stop()
  const { p50, p99 } = percentiles(overheads)
  return table(`3. Chat turns (load runs after a ${WARMUP_SECONDS} s warm-up)`, [
    row('built-in assistant turn over HTTP ("what\'s pending?", 50 tasks): req/s, p50 / p99', `${fmt(turn.rps, 0)}, ${fmt(turn.p50, 2)} / ${fmt(turn.p99, 2)} ms`, {
      baseline: `GET /api/tasks ${fmt(list.rps, 0)}, ${fmt(list.p50, 2)} / ${fmt(list.p99, 2)} ms`,
      ratio: `${fmt(turn.rps / list.rps, 2)}× the req/s`,
      target: 'p99 ≤ 5 ms (10 connections)',
      met: turn.p99 <= 5,
    }),
    ...(beforeTurn
      ? [
          row(`built-in turn, before (${BEFORE_REF}) and now: req/s, p99`, `${fmt(beforeTurn.rps, 0)}, ${fmt(beforeTurn.p99, 2)} ms → ${fmt(turn.rps, 0)}, ${fmt(turn.p99, 2)} ms`),
        ]
      : []),
    row('OpenAI-brain turn, 2 tool calls, instant model: server overhead p50 / p99', `${fmt(p50, 2)} / ${fmt(p99, 2)} ms`, {
      baseline: 'model time excluded (measured by the model server)',
      target: '≤ 15 ms',
      met: p99 <= 15,
    }),
  ])
}
