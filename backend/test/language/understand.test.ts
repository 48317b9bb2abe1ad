// Reading a message: the walkthrough's everyday phrasings, and linear time on hostile input.
import { describe, expect, it } from 'vitest'
import { MAX_INPUT } from '../../src/language/english.js'
import { understand } from '../../src/language/understand.js'

const NOW = new Date(2026, 11, 1, 10) // Tue 1 Dec 2026, 10:00
const read = (message: string, now = NOW) => understand(message, now)

describe('understanding a message', () => {
  it('reads several things in one message, one request each', () => {
    expect(read('add milk, eggs and bread')).toEqual([{ kind: 'add', tasks: [{ title: 'milk' }, { title: 'eggs' }, { title: 'bread' }] }])
    expect(read('mark 2 and 3 done')).toEqual([{ kind: 'complete', target: { numbers: [2, 3], words: '' } }])
    expect(read('the dentist is done and so is the garage').map((r) => r.kind)).toEqual(['complete', 'complete'])
    expect(read('delete task 11 and make task 9 high priority').map((r) => r.kind)).toEqual(['delete', 'update'])
  })

  it('says what it did not read past ten requests in one message, instead of dropping them', () => {
    const message = Array.from({ length: 12 }, (_, i) => `delete task ${i + 1}`).join('; ')
    const requests = read(message)
    expect(requests).toHaveLength(11)
    expect(requests.at(-1)).toEqual({ kind: 'not_read', count: 2 })
  })

  it('understands typos in the command word and filler around the request', () => {
    expect(read('compelte task 3')).toEqual([{ kind: 'complete', target: { numbers: [3], words: '' } }])
    expect(read('delte task 2')).toEqual([{ kind: 'delete', target: { numbers: [2], words: '' } }])
    expect(read('ad buy milk')).toEqual([{ kind: 'add', tasks: [{ title: 'buy milk' }] }])
    expect(read('hey so um would you mind removing task 4 for me? thanks so much')).toEqual([{ kind: 'delete', target: { numbers: [4], words: '' } }])
  })

  it('reads dates as people mean them, from their own time of day', () => {
    expect(read('add fix the fence by the end of the month')).toEqual([{ kind: 'add', tasks: [{ title: 'fix the fence', due_date: '2026-12-31' }] }])
    expect(read('tomorrow I need to collect the turkey')).toEqual([{ kind: 'add', tasks: [{ title: 'collect the turkey', due_date: '2026-12-02' }] }])
    // Asked on Saturday evening, "this weekend" is this one, not next week's.
    expect(read('add wash the car this weekend', new Date(2026, 11, 5, 19, 30))).toEqual([{ kind: 'add', tasks: [{ title: 'wash the car', due_date: '2026-12-05' }] }])
    expect(read("what's due this weekend")[0]).toMatchObject({ kind: 'list', due: 'this_weekend' })
    expect(read('what did I finish today?')[0]).toMatchObject({ kind: 'list', status: 'completed', finished: 'today' })
  })

  it('reads questions that search, the trash, renames and schedules of an existing task', () => {
    expect(read('anything about the car?')[0]).toMatchObject({ kind: 'list', query: 'car' })
    expect(read('restore task 9')).toEqual([{ kind: 'restore', target: { numbers: [9], words: '' } }])
    expect(read('bring back the gym membership task')[0]).toMatchObject({ kind: 'restore', target: { words: 'gym membership' } })
    expect(read('task 2 should actually say call the electrician')[0]).toMatchObject({ kind: 'update', changes: { title: 'call the electrician' } })
    expect(read('get rid of the garage task')[0]).toMatchObject({ kind: 'delete', target: { words: 'garage' } })
    expect(read('schedule dentist for next month')[0]).toMatchObject({ kind: 'update', target: { words: 'dentist' }, changes: { due_date: '2027-01-01' } })
  })

  it('keeps a number and words that disagree apart, for the brain to check', () => {
    expect(read('mark bulk task 42 meeting as done')).toEqual([{ kind: 'complete', target: { numbers: [42], words: 'bulk task 42 meeting' } }])
  })

  // Linear time shown by how the time grows, not by a clock limit (a loaded machine is slow,
  // not wrong): every family read at a quarter of the longest input and at the longest, the
  // fastest of five rounds each. Linear reading takes about 4× as long for 4× the text;
  // the quadratic one this replaced took 16×, the cubic one 64×.
  it(`reads hostile messages up to ${MAX_INPUT} characters in linear time`, () => {
    const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
    const units = [
      ', "', ' "', ', ', '"', "'", '([', '))]]', 'a', 'add ', 'and ', 'milk, ', '1 2 ', 'next friday ', '12/12/12 ',
      'mark task 1 done and ', 'the the ', '!high ', '. ', 'tomorrow ', 'x y ', 'so is ', '🎉',
    ]
    const families = (length: number) => units.flatMap((unit) => [fill(unit, length), `add ${fill(unit, length - 4)}`, `delete ${fill(unit, length - 7)}`])
    const fastest = (texts: string[]) =>
      Math.min(
        ...[0, 1, 2, 3, 4].map(() => {
          const start = performance.now()
          for (const text of texts) read(text)
          return performance.now() - start
        }),
      )
    read('warm up: add pay rent friday !high')
    const quarter = fastest(families(MAX_INPUT / 4))
    const full = fastest(families(MAX_INPUT))
    console.log(`hostile messages: ${units.length * 3} families, ${quarter.toFixed(1)} ms at ${MAX_INPUT / 4} characters, ${full.toFixed(1)} ms at ${MAX_INPUT}`)
    expect(full / quarter).toBeLessThan(8)
  })
})

describe("the user's clock", () => {
  it('reads the wall clock of the time zone the browser sent, and the server’s for an unknown one', async () => {
    const { nowIn } = await import('../../src/language/dates.js')
    const at = new Date(Date.UTC(2026, 11, 5, 23, 30)) // Sat 23:30 UTC
    const tokyo = nowIn('Asia/Tokyo', at)
    expect([tokyo.getDate(), tokyo.getHours(), tokyo.getMinutes()]).toEqual([6, 8, 30]) // already Sunday there
    const newYork = nowIn('America/New_York', at)
    expect([newYork.getDate(), newYork.getHours()]).toEqual([5, 18])
    expect(nowIn('Not/AZone', at)).toBe(at)
  })
})
