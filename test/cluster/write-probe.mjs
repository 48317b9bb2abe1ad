// Writes in a loop while a fault happens, then counts what survived.
//   node test/cluster/write-probe.mjs BASE LABEL STOP_FILE
// Signs up a user of its own, then creates tasks titled "LABEL N" one after another (every
// 250 ms, under the per-user write limit of 300 a minute; each request given at most
// TIMEOUT_MS) until STOP_FILE exists, then pages through the user's tasks and prints one JSON
// line: how many were sent and acknowledged (201), the statuses and error codes of the rest,
// the slowest request, failures other than a 503 in the API's error shape ("unexpected"),
// the acknowledged ones missing afterwards ("lost", the figure that must be 0), those present
// though their answer was an error, and whether the last LAST_OK writes succeeded (the
// backend recovered by itself).
import fs from 'node:fs'

const [base, label, stopFile] = process.argv.slice(2)
if (!base || !label || !stopFile) throw new Error('usage: write-probe.mjs BASE LABEL STOP_FILE')
const TIMEOUT_MS = 10_000
const LAST_OK = 5

const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: base },
  body: JSON.stringify({ email: `write-probe-${Date.now()}@example.com`, password: 'write-probe-password' }),
  signal: AbortSignal.timeout(30_000),
})
if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`)
const auth = { authorization: `Bearer ${(await signUp.json()).token}` }

const acked = new Set()
const unacked = new Set()
const statuses = {}
const codes = {}
const outcomes = []
let slowest = 0
let hung = 0
let unexpected = 0
/** The first few unexpected answers as they came: status, Server header, body. */
const samples = []

for (let n = 1; !fs.existsSync(stopFile); n++) {
  const title = `${label} ${n}`
  const started = performance.now()
  let status = 0
  let code = ''
  let sample = ''
  try {
    const res = await fetch(`${base}/api/tasks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    status = res.status
    const text = await res.text()
    sample = `${status} ${res.headers.get('server') ?? '-'} ${text.slice(0, 200)}`
    if (status !== 201) {
      try {
        code = JSON.parse(text).error?.code ?? 'NOT_THE_ERROR_SHAPE'
      } catch {
        code = 'NOT_JSON'
      }
    }
  } catch (error) {
    code = error.name === 'TimeoutError' ? 'NO_ANSWER_IN_10_S' : `NETWORK:${error.cause?.code ?? error.message}`
    if (error.name === 'TimeoutError') hung++
  }
  slowest = Math.max(slowest, performance.now() - started)
  statuses[status] = (statuses[status] ?? 0) + 1
  if (code) codes[code] = (codes[code] ?? 0) + 1
  if (status === 201) acked.add(title)
  else unacked.add(title)
  if (status !== 201 && (status !== 503 || /^(NOT_|NETWORK|NO_ANSWER)/.test(code))) {
    unexpected++
    if (samples.length < 3) samples.push(sample || code)
  }
  outcomes.push(status === 201)
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 250 - (performance.now() - started))))
}

/** Every title of the user's live tasks, page by page. */
async function titles() {
  const seen = new Set()
  let cursor = ''
  do {
    const res = await fetch(`${base}/api/tasks?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      headers: auth,
      signal: AbortSignal.timeout(30_000),
    })
    if (!res.ok) throw new Error(`GET /api/tasks answered ${res.status}: ${await res.text()}`)
    const page = await res.json()
    for (const task of page.items) seen.add(task.title)
    cursor = page.next_cursor ?? ''
  } while (cursor)
  return seen
}

const present = await titles()
const lost = [...acked].filter((title) => !present.has(title))
console.log(
  JSON.stringify({
    sent: outcomes.length,
    acked: acked.size,
    failed: outcomes.length - acked.size,
    statuses,
    codes,
    slowestMs: Math.round(slowest),
    hung,
    unexpected,
    samples,
    lost: lost.length,
    lostTitles: lost.slice(0, 10),
    presentThoughFailed: [...unacked].filter((title) => present.has(title)).length,
    recovered: outcomes.length >= LAST_OK && outcomes.slice(-LAST_OK).every(Boolean),
    figure:
      `${acked.size} of ${outcomes.length} acknowledged, ${lost.length} lost, failed: ${JSON.stringify(codes)}, slowest ${Math.round(slowest)} ms` +
      (unexpected ? `; not a 503 in the error shape: ${unexpected}, e.g. ${JSON.stringify(samples)}` : ''),
  }),
)
