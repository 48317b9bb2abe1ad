// HTTP as bytes on a socket, for what a client library would never send: stalled bodies,
// malformed framing, oversized headers. Used against the backend and against nginx.
import net from 'node:net'

export interface RawExchange {
  /** Everything the server sent before it closed the connection. */
  received: string
  /** Milliseconds from connecting to the server closing the connection. */
  closedAfterMs: number
}

/** Opens a socket, writes `parts` with `gapMs` between them, and reads until the server closes. */
export function exchange(port: number, parts: string[], gapMs = 0, giveUpMs = 20_000): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = net.connect(port, '127.0.0.1')
    let received = ''
    let timer: NodeJS.Timeout | undefined
    const giveUp = setTimeout(() => {
      socket.destroy()
      reject(new Error(`the server kept the connection open for ${giveUpMs} ms; got: ${received}`))
    }, giveUpMs)
    socket.on('data', (chunk) => {
      received += chunk.toString()
      if (complete(received)) socket.destroy() // one whole answer is all a test reads
    })
    socket.on('error', () => {}) // a reset after the answer is still an answer
    socket.on('close', () => {
      clearTimeout(giveUp)
      clearTimeout(timer)
      resolve({ received, closedAfterMs: Date.now() - started })
    })
    let i = 0
    const next = () => {
      if (i >= parts.length || socket.destroyed) return
      socket.write(parts[i++]!)
      timer = setTimeout(next, gapMs)
    }
    socket.on('connect', next)
  })
}

/** True once `raw` holds a status line, headers and as much body as Content-Length says. */
function complete(raw: string): boolean {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0) return false
  const length = /\r\ncontent-length: *(\d+)/i.exec(raw.slice(0, end))?.[1]
  return length !== undefined && Buffer.byteLength(raw.slice(end + 4)) >= Number(length)
}

export function parse(raw: string): { status: number; body: any } {
  const [head = '', body = ''] = raw.split('\r\n\r\n')
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body: body ? JSON.parse(body) : undefined }
}
