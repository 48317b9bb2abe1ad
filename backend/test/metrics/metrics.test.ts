// GET /metrics: what the backend counts moves by exactly what the requests did, labels stay
// bounded (route patterns, not URLs), and scraping is not itself logged at info.
import { describe, expect, it } from 'vitest'
import { buildTestApp, signUp } from '../helper.js'
import type { FastifyInstance } from 'fastify'

type Samples = Map<string, number>

/** `name{a="1",b="2"} 3` lines into a map keyed by the name and its labels, sorted. */
export function parseMetrics(text: string): Samples {
  const samples: Samples = new Map()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const space = line.lastIndexOf(' ')
    const series = line.slice(0, space)
    const brace = series.indexOf('{')
    const name = brace < 0 ? series : series.slice(0, brace)
    const labels = brace < 0 ? [] : series.slice(brace + 1, -1).split(/,(?=[a-z_]+=")/).sort()
    samples.set(key(name, labels), Number(line.slice(space + 1)))
  }
  return samples
}

const key = (name: string, labels: string[]) => `${name}{${labels.join(',')}}`
const series = (name: string, labels: Record<string, string>) =>
  key(name, Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort())

async function scrape(app: FastifyInstance): Promise<Samples> {
  const res = await app.inject('/metrics')
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
  return parseMetrics(res.body)
}

/** How much each series grew between two scrapes (absent before counts as 0). */
const growth = (before: Samples, after: Samples, name: string, labels: Record<string, string>) =>
  (after.get(series(name, labels)) ?? 0) - (before.get(series(name, labels)) ?? 0)

describe('GET /metrics', () => {
  it('counts requests by route pattern, chat turns, database queries and session cache hits by the right amounts', async () => {
    const app = await buildTestApp('sqlite')
    const user = await signUp(app)
    const before = await scrape(app)

    expect((await user.inject({ method: 'POST', url: '/api/tasks', payload: { title: 'buy bread' } })).statusCode).toBe(201)
    expect((await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'add buy milk' } })).statusCode).toBe(200)
    expect((await user.inject('/api/tasks/424242')).statusCode).toBe(404)
    expect((await user.inject('/api/tasks/424243')).statusCode).toBe(404)
    expect((await app.inject('/no/such/route/1')).statusCode).toBe(404)
    expect((await app.inject('/no/such/route/2')).statusCode).toBe(404)
    const after = await scrape(app)

    const requests = (method: string, route: string, status: number) =>
      growth(before, after, 'http_request_duration_seconds_count', { method, route, status_code: String(status) })
    expect(requests('POST', '/api/tasks', 201)).toBe(1)
    expect(requests('POST', '/api/chat', 200)).toBe(1)
    // Two task numbers, one series: the routed pattern, never the URL.
    expect(requests('GET', '/api/tasks/:number', 404)).toBe(2)
    expect(requests('GET', 'unmatched', 404)).toBe(2)
    expect([...after.keys()].some((k) => k.includes('424242') || k.includes('/no/such'))).toBe(false)

    expect(growth(before, after, 'chat_turns_total', { brain: 'builtin', outcome: 'ok' })).toBe(1)
    // The task insert and the chat turn's (its messages and the task it adds): at least three.
    expect(growth(before, after, 'db_query_duration_seconds_count', { kind: 'insert' })).toBeGreaterThanOrEqual(3)
    expect(growth(before, after, 'db_query_duration_seconds_count', { kind: 'select' })).toBeGreaterThan(0)
    const kinds = [...after.keys()].filter((k) => k.startsWith('db_query_duration_seconds_count'))
    expect(kinds.every((k) => /kind="(select|insert|update|delete|other)"/.test(k))).toBe(true)

    // Event-loop lag and memory come from prom-client's default metrics.
    expect(after.get(series('nodejs_eventloop_lag_seconds', {}))).toBeGreaterThanOrEqual(0)
    expect(after.get(series('process_resident_memory_bytes', {}))).toBeGreaterThan(0)
  })

  it('counts a signed-in request answered from the session cache as a hit, the first one as a miss', async () => {
    const app = await buildTestApp('sqlite')
    const user = await signUp(app)
    const before = await scrape(app)
    expect((await user.inject('/api/tasks')).statusCode).toBe(200)
    expect((await user.inject('/api/tasks')).statusCode).toBe(200)
    const after = await scrape(app)
    expect(growth(before, after, 'session_cache_lookups_total', { result: 'miss' })).toBe(1)
    expect(growth(before, after, 'session_cache_lookups_total', { result: 'hit' })).toBe(1)
  })

  it('is not logged at info, while other requests are', async () => {
    const lines: string[] = []
    const app = await buildTestApp('sqlite', { logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } } })
    await scrape(app)
    await scrape(app)
    expect((await app.inject('/api/chat/info')).statusCode).toBe(401)
    const urls = lines.map((line) => JSON.parse(line) as { req?: { url?: string } }).map((entry) => entry.req?.url)
    expect(urls).toContain('/api/chat/info')
    expect(urls).not.toContain('/metrics')
  })
})
