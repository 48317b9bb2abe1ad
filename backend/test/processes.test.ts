// Real server processes: what a Deployment with two replicas, or a rolling restart, does.
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { engines, freshDatabase, sqliteFile } from './helper.js'
import { signUpOver, startServer } from './server-process.js'

function dbEnv(config: Awaited<ReturnType<typeof freshDatabase>>): Record<string, string> {
  return { DATABASE_URL: config.kind === 'sqlite' ? config.path : config.url }
}

async function postTask(url: string, token: string, title: string): Promise<number> {
  const res = await fetch(`${url}/api/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title }),
  })
  await res.arrayBuffer()
  return res.status
}

function getJson(url: string, token: string): Promise<any> {
  return fetch(url, { headers: { authorization: `Bearer ${token}` } }).then((res) => res.json())
}

describe.each(engines)('processes starting at once on a fresh %s database', (engine) => {
  it('all come up, migrate once, and serve', async () => {
    const env = dbEnv(await freshDatabase(engine))
    const servers = await Promise.all([startServer(env), startServer(env), startServer(env)])
    const token = await signUpOver(servers[0]!.url)
    for (const server of servers) {
      expect((await fetch(`${server.url}/ready`)).status).toBe(200)
      expect(await postTask(server.url, token, 'hello')).toBe(201)
    }
    const list = await getJson(`${servers[0]!.url}/api/tasks`, token)
    expect(list.items).toHaveLength(3)
  })
})

describe('two processes on one SQLite file', () => {
  it('4 writers × 500 creates: no request fails and every task is there', async () => {
    // Neither the write rate nor the quotas are measured here: one user writes all it can.
    const env = { DATABASE_URL: sqliteFile(), WRITE_RATE_LIMIT: '0', QUOTA_TASKS: '10000000', QUOTA_STORED_TASKS: '10000000', QUOTA_TEXT_MB: '100000' }
    const servers = await Promise.all([startServer(env), startServer(env)])
    const token = await signUpOver(servers[0]!.url)
    const writers = 4
    const perWriter = 500
    const statuses = await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const url = servers[w % servers.length]!.url
        const codes: number[] = []
        for (let i = 0; i < perWriter; i++) codes.push(await postTask(url, token, `w${w}-${i}`))
        return codes
      }),
    )
    expect(statuses.flat().filter((code) => code !== 201)).toEqual([])

    const titles = new Set<string>()
    let cursor: string | null = null
    do {
      const page = await getJson(`${servers[1]!.url}/api/tasks?limit=100${cursor ? `&cursor=${cursor}` : ''}`, token)
      for (const task of page.items) titles.add(task.title)
      cursor = page.next_cursor
    } while (cursor)
    expect(titles.size).toBe(writers * perWriter)
  })
})

/** A POST whose body arrives slowly, so it is still in flight when the signal lands. */
function slowPost(url: string, token: string, title: string, firstChunkSent: () => void): Promise<number> {
  const body = JSON.stringify({ title })
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/tasks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        authorization: `Bearer ${token}`,
      },
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.write(body.slice(0, 5), () => firstChunkSent())
    setTimeout(() => req.end(body.slice(5)), 700)
  })
}

describe('SIGTERM', () => {
  it('finishes every in-flight request, then exits 0', async () => {
    const server = await startServer({ DATABASE_URL: sqliteFile(), SHUTDOWN_GRACE_MS: '10000' })
    const token = await signUpOver(server.url)
    let started = 0
    let allStarted!: () => void
    const started5 = new Promise<void>((resolve) => (allStarted = resolve))
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      slowPost(server.url, token, `in flight ${i}`, () => ++started === 5 && allStarted()),
    )
    await started5
    await new Promise((r) => setTimeout(r, 100)) // the server has the headers of all five
    server.child.kill('SIGTERM')

    expect(await Promise.all(inFlight)).toEqual([201, 201, 201, 201, 201])
    const { code, signal } = await server.exited
    expect(signal).toBeNull()
    expect(code).toBe(0)
    expect(server.output()).toContain('stopped cleanly')
  })

  it('refuses new connections once draining', async () => {
    const server = await startServer({ DATABASE_URL: sqliteFile(), SHUTDOWN_GRACE_MS: '10000' })
    const token = await signUpOver(server.url)
    const pending = slowPost(server.url, token, 'keeps the server draining', () => {
      setTimeout(() => server.child.kill('SIGTERM'), 100) // once the server has the headers
    })
    await new Promise((r) => setTimeout(r, 300))
    await expect(fetch(`${server.url}/ready`)).rejects.toThrow()
    expect(await pending).toBe(201)
    expect((await server.exited).code).toBe(0)
  })

  it('exits 1 when a request is still in flight after SHUTDOWN_GRACE_MS', async () => {
    const server = await startServer({ DATABASE_URL: sqliteFile(), SHUTDOWN_GRACE_MS: '200' })
    const token = await signUpOver(server.url)
    // The body's last bytes come 700 ms after the first: past the grace.
    const pending = slowPost(server.url, token, 'outlasts the grace', () => {
      setTimeout(() => server.child.kill('SIGTERM'), 100)
    }).catch(() => 'cut off')
    const { code, signal } = await server.exited
    expect(signal).toBeNull()
    expect(code).toBe(1)
    expect(server.output()).toContain('did not finish within SHUTDOWN_GRACE_MS')
    await pending
  })
})
