// Saves a backend source file N times while a client loops on the backend, and reports how
// long each save took to be answered by the new code, and every request that failed.
//   node test/cluster/reload-probe.mjs URL FILE [SAVES]
// URL answers {"status":"ok"} (GET /health); FILE is the health route's source, where each
// save puts a new status. Run against Tilt's port-forward, a failed request is one the
// reload refused or cut. Prints one JSON line; exits 1 if any request failed.
import fs from 'node:fs'

const [url, file, saves = '10'] = process.argv.slice(2)
if (!url || !file) {
  console.error('usage: reload-probe.mjs URL FILE [SAVES]')
  process.exit(2)
}
const source = fs.readFileSync(file, 'utf8')
if (!source.includes("({ status: 'ok' })")) throw new Error(`${file} does not answer { status: 'ok' }`)
const withStatus = (value) => source.replace("({ status: 'ok' })", `({ status: '${value}' })`)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
/** The looping client's pause between requests: 20 a second, each a new stream through a
 * port-forward, load enough to catch any refused moment without being the bottleneck. */
const LOOP_MS = 50

let looping = true
let answered = 0
const failures = {}
async function client() {
  while (looping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) })
      await res.text()
      if (res.ok) answered++
      else failures[`HTTP ${res.status}`] = (failures[`HTTP ${res.status}`] ?? 0) + 1
    } catch (error) {
      const key = String(error.cause?.code ?? error.name)
      failures[key] = (failures[key] ?? 0) + 1
    }
    await sleep(LOOP_MS)
  }
}

const times = []
const loop = client()
try {
  for (let i = 1; i <= Number(saves); i++) {
    await sleep(1500)
    const marker = `reload-${i}-${Date.now()}`
    const saved = performance.now()
    // Written in place, as most editors save (atomic saves, a new file renamed over the
    // old one, are covered by test/tilt against the supervisor itself).
    fs.writeFileSync(file, withStatus(marker))
    for (;;) {
      const body = await fetch(url).then((r) => r.text(), () => '')
      if (body.includes(marker)) break
      if (performance.now() - saved > 60_000) throw new Error(`save ${i} was not served within 60 s`)
      await sleep(10)
    }
    times.push(Math.round(performance.now() - saved))
  }
} finally {
  looping = false
  await loop
  fs.writeFileSync(file, source)
}
const sorted = [...times].sort((a, b) => a - b)
const failed = Object.values(failures).reduce((a, b) => a + b, 0)
console.log(JSON.stringify({ times, median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1), answered, failed, failures }))
process.exit(failed === 0 ? 0 : 1)
