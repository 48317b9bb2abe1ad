// A real HTTP server on 127.0.0.1 speaking the Chat Completions wire protocol, as JSON or
// as streamed chunks (whichever the request asks for), answering from a per-test script.
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { onTestFinished } from 'vitest'

export type ScriptedReply =
  | {
      content?: string
      tool_calls?: { name: string; arguments: string | Record<string, unknown> }[]
      /** Pause between streamed chunks, to keep a stream open for a while. */
      chunkDelayMs?: number
      /** Pause before answering at all (a model thinking). */
      delayMs?: number
    }
  | { status: number; message?: string }
  | { hang: true }
  | { raw: string }

export interface OpenAiTestServer {
  /** The base URL to give as OPENAI_BASE_URL. */
  baseUrl: string
  /** Every request body received, in order. */
  requests: any[]
  script: (...replies: ScriptedReply[]) => void
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function toolCallsOf(reply: { tool_calls?: { name: string; arguments: string | Record<string, unknown> }[] }) {
  return (reply.tool_calls ?? []).map((call, i) => ({
    id: `call_${i}_${Math.random().toString(36).slice(2, 8)}`,
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }))
}

export async function startOpenAiServer(): Promise<OpenAiTestServer> {
  const queue: ScriptedReply[] = []
  const requests: any[] = []
  const sockets = new Set<Socket>()
  const server = http.createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}')
      return
    }
    const request = JSON.parse(body)
    requests.push(request)
    const reply = queue.shift() ?? { status: 500, message: 'no scripted reply left' }
    if ('hang' in reply) return // never answers; the client's timeout must fire
    if ('raw' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(reply.raw)
      return
    }
    if ('status' in reply) {
      // retry-after-ms keeps the SDK's retries fast in tests while still exercising them.
      res
        .writeHead(reply.status, { 'content-type': 'application/json', 'retry-after-ms': '5' })
        .end(JSON.stringify({ error: { message: reply.message ?? `error ${reply.status}`, type: 'test_error', code: null } }))
      return
    }
    if (reply.delayMs) await sleep(reply.delayMs)
    const id = `chatcmpl-${requests.length}`
    const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: request.model }
    const toolCalls = toolCallsOf(reply)
    const finish = toolCalls.length > 0 ? 'tool_calls' : 'stop'
    if (!request.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: reply.content ?? null, ...(toolCalls.length && { tool_calls: toolCalls }) },
              finish_reason: finish,
            },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      )
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    const chunks: unknown[] = [{ role: 'assistant', content: '' }]
    const content = reply.content ?? ''
    const half = Math.ceil(content.length / 2)
    if (content) chunks.push({ content: content.slice(0, half) }, { content: content.slice(half) })
    toolCalls.forEach((call, index) => {
      const args = call.function.arguments
      chunks.push({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] })
      chunks.push({ tool_calls: [{ index, function: { arguments: args.slice(0, 5) } }] })
      chunks.push({ tool_calls: [{ index, function: { arguments: args.slice(5) } }] })
    })
    for (const delta of chunks) {
      if (res.destroyed) return
      res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`)
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs)
    }
    res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`)
    res.end('data: [DONE]\n\n')
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  const { port } = server.address() as AddressInfo
  return { baseUrl: `http://127.0.0.1:${port}/v1`, requests, script: (...replies) => queue.push(...replies) }
}
