// A closed-loop load client like wrk (N keep-alive connections, each sending its next GET as
// soon as the last answer is in), but measuring only once every connection is open and has
// been answered for WARMUP seconds: the steady state, without the admission of fresh
// connections (docs/testing.md, "The tail") and without wrk's coordinated-omission
// correction. Runs in its own process so its work does not share the caller's event loop.
//   node test/bench/open-connections.ts URL HEADERS_JSON SECONDS WARMUP_SECONDS CONNECTIONS
// prints {"rps":…,"p50":…,"p99":…,"max":…,"requests":…,"failed":…} (milliseconds)
import net from 'node:net'

const [target, headersJson = '{}', seconds = '8', warmupSeconds = '3', connections = '50'] = process.argv.slice(2)
if (!target) throw new Error('usage: open-connections.ts URL HEADERS_JSON SECONDS WARMUP_SECONDS CONNECTIONS')
const url = new URL(target)
const headers = Object.entries(JSON.parse(headersJson) as Record<string, string>).map(([k, v]) => `${k}: ${v}\r\n`).join('')
const request = Buffer.from(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n${headers}\r\n`)

const latencies: number[] = []
let failed = 0
let measureFrom = Infinity
let stopAt = Infinity
let opened = 0
const count = Number(connections)

/** One connection: sends, reads one whole answer (Content-Length), sends again. */
function connection(onAnswered: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname)
    socket.setNoDelay(true)
    let buffer = Buffer.alloc(0)
    let sentAt = 0
    let first = true
    const send = () => {
      if (performance.now() >= stopAt) return socket.end(resolve)
      sentAt = performance.now()
      socket.write(request)
    }
    socket.on('error', reject)
    socket.on('close', () => (performance.now() >= stopAt ? resolve() : reject(new Error('the server closed a connection mid-run'))))
    socket.on('connect', send)
    socket.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = buffer.subarray(0, end).toString('latin1')
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN)
        if (!Number.isFinite(length)) return reject(new Error(`an answer without Content-Length:\n${head}`))
        if (buffer.length < end + 4 + length) return
        buffer = buffer.subarray(end + 4 + length)
        const done = performance.now()
        if (sentAt >= measureFrom) {
          latencies.push(done - sentAt)
          if (!/^HTTP\/1\.1 2/.test(head)) failed++
        }
        if (first) {
          first = false
          onAnswered()
        }
        send()
      }
    })
  })
}

const all = Array.from({ length: count }, () =>
  connection(() => {
    // The clock starts once every connection has had its first answer, plus the warm-up.
    if (++opened === count) {
      measureFrom = performance.now() + Number(warmupSeconds) * 1000
      stopAt = measureFrom + Number(seconds) * 1000
    }
  }),
)
await Promise.all(all)
latencies.sort((a, b) => a - b)
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!
console.log(
  JSON.stringify({ rps: latencies.length / Number(seconds), p50: at(0.5), p99: at(0.99), max: latencies.at(-1), requests: latencies.length, failed }),
)
