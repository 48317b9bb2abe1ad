// A small server speaking the Chat Completions wire protocol for the cluster suite, run on
// the host where the pods can reach it (the node's bridge address). Deterministic: a turn
// whose last message is the user's gets an add_task tool call; after the tool result it
// answers in text, streamed in chunks 300 ms apart so buffering on the way shows.
//   node test/cluster/fake-openai.mjs HOST PORT
import http from 'node:http'

const [host = '127.0.0.1', port = '0'] = process.argv.slice(2)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

const server = http.createServer(async (req, res) => {
  let body = ''
  for await (const chunk of req) body += chunk
  if (req.url === '/health') return res.writeHead(200).end('ok')
  if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) return res.writeHead(404).end()
  if (req.headers.authorization !== 'Bearer sk-cluster-test') {
    return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"bad key"}}')
  }
  const request = JSON.parse(body)
  const last = request.messages.at(-1)
  const base = { id: 'chatcmpl-cluster', created: Math.floor(Date.now() / 1000), model: request.model }
  const toolCall = { id: 'call_1', type: 'function', function: { name: 'add_task', arguments: '{"title":"added by the model"}' } }
  const text = ['Added ', '"added by the model" ', 'to your tasks.']
  if (!request.stream) {
    const message = last.role === 'tool' ? { role: 'assistant', content: text.join('') } : { role: 'assistant', content: null, tool_calls: [toolCall] }
    res.writeHead(200, { 'content-type': 'application/json' })
    return res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: last.role === 'tool' ? 'stop' : 'tool_calls' }] }))
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  const send = (delta, finish = null) =>
    res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`)
  if (last.role === 'tool') {
    for (const piece of text) {
      send({ content: piece })
      await sleep(300)
    }
    send({}, 'stop')
  } else {
    send({ role: 'assistant', tool_calls: [{ index: 0, ...toolCall }] })
    send({}, 'tool_calls')
  }
  res.end('data: [DONE]\n\n')
})
server.listen(Number(port), host, () => console.log(`listening on http://${host}:${server.address().port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
