// Control characters a client can put in any string: a NUL in a search broke SQLite's FTS5
// query syntax (500), and PostgreSQL refuses a NUL inside any text value.
import { describe, expect, it } from 'vitest'
import { engines, setup } from '../helper.js'

const NUL_QUERIES = ['\u0000', 'mil\u0000k', '\u0000\u0000\u0000', 'a\u0001\u001f\u007fb', '"\u0000"', 'milk\u0000 OR 1']

describe.each(engines)('control characters in what a client sends (%s)', (engine) => {
  it.each(NUL_QUERIES)('search for %j on the list, the counts and the trash answers 200, read as spaces', async (q) => {
    const { inject } = await setup(engine)
    await inject({ method: 'POST', url: '/api/tasks', payload: { title: 'buy milk' } })
    for (const url of ['/api/tasks', '/api/tasks/counts', '/api/tasks?status=deleted']) {
      const res = await inject(`${url}${url.includes('?') ? '&' : '?'}q=${encodeURIComponent(q)}`)
      expect(res.statusCode, `${url} ${JSON.stringify(q)} → ${res.body}`).toBe(200)
    }
    const found = await inject(`/api/tasks?q=${encodeURIComponent('mil\u0000k')}`)
    expect(found.json().items).toEqual([])
    const spaced = await inject(`/api/tasks?q=${encodeURIComponent('buy\u0000milk')}`)
    expect(spaced.json().items.map((t: { title: string }) => t.title)).toEqual(['buy milk'])
  })

  it('a NUL in a title, description or chat message is a 400 naming the field, never a 500', async () => {
    const { inject } = await setup(engine)
    const cases = [
      { method: 'POST', url: '/api/tasks', payload: { title: 'a\u0000b' } },
      { method: 'POST', url: '/api/tasks', payload: { title: 'ok', description: 'x\u0000' } },
      { method: 'POST', url: '/api/chat', payload: { message: 'add \u0000milk' } },
    ] as const
    for (const request of cases) {
      const res = await inject(request)
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_ERROR')
    }
    expect((await inject('/api/tasks')).json().items).toEqual([])
  })

  it('tabs and line breaks in a description are kept as typed', async () => {
    const { inject } = await setup(engine)
    const res = await inject({ method: 'POST', url: '/api/tasks', payload: { title: 'list', description: 'one\n\ttwo\r\nthree' } })
    expect(res.statusCode).toBe(201)
    expect(res.json().description).toBe('one\n\ttwo\r\nthree')
  })
})
