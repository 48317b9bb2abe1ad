// LOG_FORMAT: the real server process (src/server.ts, as `npm run dev` and `npm start` run
// it) writes one plain line per request with LOG_FORMAT=pretty (what the dev script and the
// dev image set), and JSON, one object a line, by default (the runtime image).
import { describe, expect, it } from 'vitest'
import { sqliteFile } from './helper.js'
import { startServer } from './server-process.js'

/** Waits until the output has a line matching the pattern, and returns it. */
async function lineMatching(output: () => string, pattern: RegExp): Promise<string> {
  await expect.poll(() => output().split('\n').some((line) => pattern.test(line)), { timeout: 10_000 }).toBe(true)
  return output().split('\n').find((line) => pattern.test(line))!
}

describe('the server’s log format', () => {
  it('LOG_FORMAT=pretty: one line per request in plain words', async () => {
    const server = await startServer({ DATABASE_URL: sqliteFile(), LOG_FORMAT: 'pretty' })
    expect((await fetch(`${server.url}/api/tasks`)).status).toBe(401)
    expect((await fetch(`${server.url}/no/such/page`)).status).toBe(404)

    const line = await lineMatching(server.stdout, /GET \/api\/tasks 401/)
    expect(line).toMatch(/^\[?\d\d:\d\d:\d\d\]? INFO: GET \/api\/tasks 401 \d+(\.\d)? ms$/)
    expect(line).not.toContain('{')
    await lineMatching(server.stdout, /GET \/no\/such\/page 404/)
    // One line per request: no separate "incoming request" line.
    expect(server.stdout()).not.toMatch(/incoming request|request completed/)
    // A scrape of /metrics is not a request worth a line.
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200)
    expect((await fetch(`${server.url}/api/chat/info`)).status).toBe(401)
    await lineMatching(server.stdout, /GET \/api\/chat\/info 401/)
    expect(server.stdout()).not.toContain('/metrics')
  })

  it('by default (json): every line is a JSON object, the request logged with its method, URL and status', async () => {
    const server = await startServer({ DATABASE_URL: sqliteFile() })
    expect((await fetch(`${server.url}/api/tasks`)).status).toBe(401)
    await lineMatching(server.stdout, /"statusCode":401/)
    const entries = server
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, any>)
    expect(entries.find((e) => e.req?.url === '/api/tasks')?.req.method).toBe('GET')
    expect(entries.find((e) => e.res?.statusCode === 401)?.responseTime).toEqual(expect.any(Number))
  })
})
