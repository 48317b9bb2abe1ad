import { afterEach, describe, expect, it } from 'vitest'
import { readView, writeView } from './url-state'

afterEach(() => history.replaceState(null, '', '/'))

describe('the board’s view in the address', () => {
  it('reads the filter, the order and the search a link carries', () => {
    expect(readView('?status=pending&sort=due&q=buy%20milk')).toEqual({ status: 'pending', sort: 'due', q: 'buy milk' })
  })

  it('falls back to the defaults for what is missing or unknown', () => {
    expect(readView('')).toEqual({ status: 'all', sort: 'created', q: '' })
    expect(readView('?status=deleted&sort=__proto__&q=')).toEqual({ status: 'all', sort: 'created', q: '' })
    expect(readView('?status=toString&sort=constructor').status).toBe('all')
    expect(readView(`?q=${'x'.repeat(5000)}`).q).toHaveLength(200) // the search's own limit
  })

  it('writes only what differs from the defaults, in place of the current entry, keeping other parameters', () => {
    history.replaceState(null, '', '/?ref=mail#top')
    const before = history.length
    writeView({ status: 'completed', sort: 'priority', q: 'tax & fees' })
    expect(location.search).toBe('?ref=mail&status=completed&sort=priority&q=tax+%26+fees')
    expect(location.hash).toBe('#top')
    expect(readView(location.search)).toEqual({ status: 'completed', sort: 'priority', q: 'tax & fees' })
    writeView({ status: 'all', sort: 'created', q: '' })
    expect(location.search).toBe('?ref=mail')
    expect(history.length).toBe(before)
  })
})
