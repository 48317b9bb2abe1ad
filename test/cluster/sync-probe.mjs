// How long a change takes to reach a board: a new account follows its task changes
// (GET /api/tasks/events) through BASE, makes N tasks through BASE, and times each from the
// POST until its event arrives. Through the NodePort that is the cluster's nginx; through
// Tilt's port-forwards, Vite's proxy or the backend's own port.
//   node test/cluster/sync-probe.mjs BASE [N]
// Prints one JSON line {n, median, max}; exits 1 if an event never arrives (30 s: not a
// bound on the latency, which is printed, only on waiting).
import { EventSourceParserStream } from 'eventsource-parser/stream'

const [base, count = '10'] = process.argv.slice(2)
if (!base) {
  console.error('usage: sync-probe.mjs BASE [N]')
  process.exit(2)
}
const post = async (path, body, token) => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

const { token } = await post('/api/auth/sign-up/email', { email: `sync-${Date.now()}@example.com`, password: 'sync-probe-password' })
const stream = await fetch(`${base}/api/tasks/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } })
if (!stream.ok || !stream.body) throw new Error(`GET /api/tasks/events: ${stream.status}`)
const events = stream.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader()

/** The next event named `name` (others skipped), or an error after `ms`. */
async function next(name, ms = 30_000) {
  let timer
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no "${name}" event within ${ms} ms`)), ms)
  })
  try {
    for (;;) {
      const { value, done } = await Promise.race([events.read(), deadline])
      if (done) throw new Error('the stream ended')
      if (value.event === name) return JSON.parse(value.data)
    }
  } finally {
    clearTimeout(timer) // no timer left to keep the process, or reject later
  }
}

await next('ready')
const times = []
for (let i = 0; i < Number(count); i++) {
  const start = performance.now()
  const created = await post('/api/tasks', { title: `sync probe ${i}` }, token)
  for (;;) {
    const { task } = await next('task')
    if (task.number === created.number) break
  }
  times.push(Math.round(performance.now() - start))
}
await events.cancel().catch(() => {})
times.sort((a, b) => a - b)
console.log(JSON.stringify({ n: times.length, median: times[Math.floor(times.length / 2)], max: times.at(-1), times }))
