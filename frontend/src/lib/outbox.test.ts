import { createRoot } from 'solid-js'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Task } from '@contract'
import { ApiError } from './api'
import { createOutbox, newKey, type Send, type Write } from './outbox'

const task = (number: number, title = `task ${number}`): Task => ({
  number,
  title,
  description: null,
  completed: false,
  priority: 'medium',
  due_date: null,
  created_at: '2026-12-06T10:00:00.000Z',
  updated_at: '2026-12-06T10:00:00.000Z',
  deleted_at: null,
  version: 1,
})

const unreachable = () => new ApiError(0, 'OFFLINE', 'cannot reach the server')

/** A server that can be switched off: while down every write fails as a network error. */
function server() {
  const received: Write[] = []
  let up = true
  let next = 1
  const send: Send = async (write) => {
    if (!up) throw unreachable()
    received.push(write)
    if (write.kind === 'create') return task(next++, write.input.title)
    if (write.kind === 'update' && write.patch.title === 'too long') throw new ApiError(400, 'VALIDATION_ERROR', 'Titles can be up to 200 characters')
    return write.kind === 'delete' ? undefined : task(write.number)
  }
  return { send, received, setUp: (value: boolean) => (up = value) }
}

function outboxFor(key: string, send: Send) {
  return createRoot((dispose) => ({ outbox: createOutbox(key, send), dispose }))
}

beforeEach(() => {
  localStorage.clear()
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('the outbox', () => {
  it('sends writes in order, one after the other, and settles each with its answer', async () => {
    const srv = server()
    const { outbox } = outboxFor('todo.outbox.u1', srv.send)
    const created = outbox.run({ kind: 'create', key: 'k1', temp: -1, input: { title: 'milk' } })
    const done = outbox.run({ kind: 'update', number: 7, patch: { completed: true } })
    expect((await created)?.title).toBe('milk')
    expect((await done)?.number).toBe(7)
    expect(srv.received.map((w) => w.kind)).toEqual(['create', 'update'])
    expect(outbox.waiting()).toEqual([])
    expect(localStorage.getItem('todo.outbox.u1')).toBeNull()
  })

  it('keeps writes while the server cannot be reached, says so, and sends them in order when it answers', async () => {
    const srv = server()
    srv.setUp(false)
    const { outbox } = outboxFor('todo.outbox.u1', srv.send)
    const stalled = outbox.whenStalled()
    const first = outbox.run({ kind: 'create', key: 'k1', temp: -5, input: { title: 'bread' } })
    // An edit of the task not numbered yet follows it to its real number.
    const second = outbox.run({ kind: 'update', number: -5, patch: { title: 'rye bread' } })
    await stalled
    expect(outbox.stalled()).toBe(true)
    expect(outbox.waiting()).toHaveLength(2)
    expect(JSON.parse(localStorage.getItem('todo.outbox.u1')!)).toHaveLength(2)

    await vi.advanceTimersByTimeAsync(30_000) // thirty seconds of outage: tries, never loses
    expect(srv.received).toEqual([])
    srv.setUp(true)
    await vi.advanceTimersByTimeAsync(5_000)
    expect((await first)?.number).toBe(1)
    expect((await second)?.number).toBe(1)
    expect(srv.received).toEqual([
      { kind: 'create', key: 'k1', temp: -5, input: { title: 'bread' } },
      { kind: 'update', number: 1, patch: { title: 'rye bread' } },
    ])
    expect(outbox.stalled()).toBe(false)
  })

  it('rejects a write the server refuses, with its reason, and goes on with the next', async () => {
    const srv = server()
    const { outbox } = outboxFor('todo.outbox.u1', srv.send)
    const refused = outbox.run({ kind: 'update', number: 3, patch: { title: 'too long' } })
    const next = outbox.run({ kind: 'delete', number: 4 })
    await expect(refused).rejects.toThrow('Titles can be up to 200 characters')
    await expect(next).resolves.toBeUndefined()
    expect(srv.received.map((w) => w.kind)).toEqual(['update', 'delete'])
  })

  it('is picked up by the next page of the same user (same key, sent once), never by another user', async () => {
    const srv = server()
    srv.setUp(false)
    const before = outboxFor('todo.outbox.u1', srv.send)
    void before.outbox.run({ kind: 'create', key: 'same-key', temp: -9, input: { title: 'call mum' } })
    await before.outbox.whenStalled()
    before.outbox.stop()
    before.dispose()

    const other = outboxFor('todo.outbox.u2', srv.send)
    expect(other.outbox.waiting()).toEqual([])

    srv.setUp(true)
    const after = outboxFor('todo.outbox.u1', srv.send)
    expect(after.outbox.waiting()).toHaveLength(1)
    after.outbox.retry()
    await vi.advanceTimersByTimeAsync(0)
    expect(srv.received).toEqual([{ kind: 'create', key: 'same-key', temp: -9, input: { title: 'call mum' } }])
    expect(after.outbox.waiting()).toEqual([])
  })

  it('takes back a write not sent yet (an Undo made offline); clear forgets every write', async () => {
    const srv = server()
    srv.setUp(false)
    const { outbox } = outboxFor('todo.outbox.u1', srv.send)
    void outbox.run({ kind: 'update', number: 1, patch: { completed: true } })
    const removal = outbox.run({ kind: 'delete', number: 2 })
    await outbox.whenStalled()
    expect(outbox.cancel((w) => w.kind === 'delete' && w.number === 2)).toBe(true)
    await expect(removal).resolves.toBeUndefined()
    expect(outbox.waiting()).toEqual([{ kind: 'update', number: 1, patch: { completed: true } }])
    outbox.clear()
    expect(outbox.waiting()).toEqual([])
    expect(localStorage.getItem('todo.outbox.u1')).toBeNull()
    srv.setUp(true)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(srv.received).toEqual([])
  })

  it('waits out a create whose first send is still being made (409 IDEMPOTENCY_KEY_IN_USE), then gets its answer', async () => {
    let tries = 0
    const { outbox } = outboxFor('todo.outbox.u1', async (write) => {
      if (++tries === 1) throw new ApiError(409, 'IDEMPOTENCY_KEY_IN_USE', 'still running')
      return task(1, write.kind === 'create' ? write.input.title : '')
    })
    const created = outbox.run({ kind: 'create', key: 'k', temp: -1, input: { title: 'once' } })
    await vi.advanceTimersByTimeAsync(1000)
    expect((await created)?.title).toBe('once')
    expect(tries).toBe(2)
  })

  it('two pages of one user keep their own writes; a page closed with writes waiting leaves them to the other, which sends each once', async () => {
    const srv = server()
    srv.setUp(false)
    const sent: string[] = []
    const a = outboxFor('todo.outbox.u1', srv.send)
    const b = createRoot(() =>
      createOutbox('todo.outbox.u1', srv.send, { sent: (w) => sent.push(w.kind), refused: () => {} }),
    )
    void a.outbox.run({ kind: 'create', key: 'from-a', temp: -1, input: { title: 'typed in tab A' } })
    void b.run({ kind: 'create', key: 'from-b', temp: -2, input: { title: 'typed in tab B' } })
    await a.outbox.whenStalled()
    await b.whenStalled()
    // Neither page's save erased the other's write.
    expect(JSON.parse(localStorage.getItem('todo.outbox.u1')!).map((s: { write: { key: string } }) => s.write.key).sort()).toEqual(['from-a', 'from-b'])
    expect(b.waitingEverywhere()).toBe(2)

    // Tab A is closed (it says so on pagehide) with its write not sent; the server comes back.
    window.dispatchEvent(new Event('pagehide'))
    a.outbox.stop()
    srv.setUp(true)
    await vi.advanceTimersByTimeAsync(12_000)
    expect(srv.received.map((w) => (w.kind === 'create' ? w.key : w.kind)).sort()).toEqual(['from-a', 'from-b'])
    expect(sent).toEqual(['create']) // A's write, taken over by B, went through B's hook
    expect(localStorage.getItem('todo.outbox.u1')).toBeNull()
    b.stop()
  })

  it('makes keys that do not repeat', () => {
    const keys = new Set(Array.from({ length: 1000 }, newKey))
    expect(keys.size).toBe(1000)
    expect([...keys].every((k) => /^[0-9a-f]{32}$/.test(k))).toBe(true)
  })
})
