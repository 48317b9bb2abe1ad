// Two backend processes behind a small round-robin proxy that, like a Service's endpoints,
// routes only to processes whose /ready answers 200. Each is replaced in turn the way
// Kubernetes does it (out of the endpoints, a short pause, SIGTERM, a new process that
// joins once ready) while a client keeps sending requests: none may fail.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, onTestFinished } from 'vitest'
import { sqliteFile } from '../helper.js'
import { startServer, type ServerProcess } from '../server-process.js'
import { signUpOver } from './common.js'

interface Endpoint {
  server: ServerProcess
  ready: boolean
  terminating: boolean
}

function startProxy(endpoints: Endpoint[]) {
  let next = 0
  const probe = setInterval(() => {
    for (const e of endpoints) {
      fetch(`${e.server.url}/ready`)
        .then((r) => (e.ready = r.status === 200))
        .catch(() => (e.ready = false))
    }
  }, 100)
  const proxy = http.createServer((req, res) => {
    const live = endpoints.filter((e) => e.ready && !e.terminating)
    const target = live[next++ % Math.max(live.length, 1)]
    if (!target) return res.writeHead(503).end('no ready endpoint')
    const upstream = http.request(`${target.server.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers)
      r.pipe(res)
    })
    upstream.on('error', () => res.writeHead(502).end('upstream failed'))
    req.pipe(upstream)
  })
  onTestFinished(() => {
    clearInterval(probe)
    proxy.close()
  })
  return new Promise<string>((resolve) =>
    proxy.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)),
  )
}

describe('a rolling restart behind a readiness-aware proxy', () => {
  it('drops no client request', async () => {
    // Neither the write rate nor the quotas are measured here: one user writes all it can.
    const env = { DATABASE_URL: sqliteFile(), SHUTDOWN_GRACE_MS: '10000', WRITE_RATE_LIMIT: '0', QUOTA_TASKS: '10000000', QUOTA_STORED_TASKS: '10000000', QUOTA_TEXT_MB: '100000' }
    const endpoints: Endpoint[] = (await Promise.all([startServer(env), startServer(env)])).map((server) => ({
      server,
      ready: true,
      terminating: false,
    }))
    const url = await startProxy(endpoints)
    const token = await signUpOver(endpoints[0]!.server.url)

    let stop = false
    const results: number[] = []
    const clients = Array.from({ length: 4 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        try {
          const res =
            i % 2
              ? await fetch(`${url}/api/tasks?limit=5`, { headers: { authorization: `Bearer ${token}` } })
              : await fetch(`${url}/api/tasks`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
                  body: JSON.stringify({ title: `c${c}-${i}` }),
                })
          await res.arrayBuffer()
          results.push(res.status)
        } catch {
          results.push(0)
        }
      }
    })

    for (let i = 0; i < endpoints.length; i++) {
      const old = endpoints[i]!
      old.terminating = true // removed from the endpoints
      await new Promise((r) => setTimeout(r, 300)) // preStop: let the proxy stop choosing it
      old.server.child.kill('SIGTERM')
      expect((await old.server.exited).code).toBe(0)
      const fresh: Endpoint = { server: await startServer(env), ready: false, terminating: false }
      endpoints[i] = fresh
      while (!fresh.ready) await new Promise((r) => setTimeout(r, 50))
    }
    await new Promise((r) => setTimeout(r, 500))
    stop = true
    await Promise.all(clients)

    const failed = results.filter((s) => s !== 200 && s !== 201)
    console.log(`rolling restart: ${results.length} requests, ${failed.length} failed`)
    expect(results.length).toBeGreaterThan(100)
    expect(failed).toEqual([])
  })
})
