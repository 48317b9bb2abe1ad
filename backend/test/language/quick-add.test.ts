// Quick add keeps what was typed: the walkthrough's lines, and a property over generated
// titles that every typed word ends up in the title or in a marker the preview showed.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tokenize } from '../../src/language/english.js'
import { readTask } from '../../src/language/quick-add.js'

const NOW = new Date(2026, 11, 1, 10) // Tue 1 Dec 2026, 10:00
const read = (text: string, off?: number[]) => readTask(text, NOW, new Set(off))

describe('quick add', () => {
  it('keeps words the old reader lost (the walkthrough)', () => {
    expect(read('Read "War and Peace" chapter 3')).toMatchObject({ title: 'Read "War and Peace" chapter 3', markers: [] })
    expect(read('Read chapter 10 in 2 weeks')).toMatchObject({ title: 'Read chapter 10', due_date: '2026-12-15' })
    expect(read('Watch the Monday night game')).toMatchObject({ title: 'Watch the Monday night game', markers: [] })
    expect(read('call dentist next tuesday at 3pm')).toMatchObject({ title: 'call dentist next tuesday at 3pm', due_date: '2026-12-08' })
    expect(read('Sat exam prep')).toMatchObject({ title: 'Sat exam prep', markers: [] })
    expect(read('Call Mom; ask about Sunday')).toMatchObject({ title: 'Call Mom; ask about Sunday', markers: [] })
  })

  it('reads a date at the end and priority markers, each listed with its words', () => {
    const r = read('pay rent friday !high')
    expect(r).toMatchObject({ title: 'pay rent', due_date: '2026-12-04', priority: 'high' })
    expect(r.markers.map((m) => [m.kind, m.text, m.on])).toEqual([['due', 'friday', true], ['priority', '!high', true]])
    expect(read('urgent: fix the tap')).toMatchObject({ title: 'fix the tap', priority: 'high' })
    expect(read('fix the fence by the end of the month')).toMatchObject({ title: 'fix the fence', due_date: '2026-12-31' })
    expect(read('water plants on the 10th')).toMatchObject({ title: 'water plants', due_date: '2026-12-10' })
  })

  it('keeps a marker switched off in the title and sets no field from it', () => {
    expect(read('pay rent friday !high', [0])).toMatchObject({ title: 'pay rent friday', priority: 'high' })
    expect(read('pay rent friday !high', [0]).due_date).toBeUndefined()
    expect(read('pay rent friday !high', [0, 1])).toEqual(expect.objectContaining({ title: 'pay rent friday !high' }))
  })

  it('never takes words out of quotes or leaves an empty title', () => {
    expect(read('"buy milk friday"')).toMatchObject({ title: '"buy milk friday"', markers: [] })
    expect(read('tomorrow')).toMatchObject({ title: 'tomorrow' })
    expect(read('tomorrow').due_date).toBeUndefined()
  })

  it('puts every typed word in the title or in a marker the preview shows (10,000 titles)', () => {
    const words = ['buy', 'milk', 'call', 'Mom', 'chapter', '3', '10', 'in', '2', 'weeks', 'friday', 'on', 'by', 'the', 'end', 'of', 'month',
      'tomorrow', 'next', 'tuesday', 'at', '3pm', 'about', 'Sunday', '!high', '!low', 'high', 'priority', '(urgent)', 'urgent:', '"War', 'Peace"',
      '"', ',', ';', '-', 'dec', '24', '12/24', 'tonight', 'weekend', 'this', "it's", 'important', 'Sat', '10th', 'for', 'asap', '&', 'é', '🎉']
    const title = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '))
    const counted = (text: string) => tokenize(text).filter((t) => t.kind !== 'punct').map((t) => t.lower)
    fc.assert(
      fc.property(title, fc.array(fc.nat(3), { maxLength: 2 }), (text, off) => {
        const r = readTask(text, NOW, new Set(off))
        const have = [...counted(r.title), ...r.markers.filter((m) => m.on && !m.kept).flatMap((m) => counted(m.text))]
        for (const word of counted(text)) {
          const at = have.indexOf(word)
          if (at < 0) return false
          have.splice(at, 1)
        }
        // A marker that is off sets nothing; the fields come only from markers that are on.
        const on = r.markers.filter((m) => m.on)
        return (r.due_date === undefined) === !on.some((m) => m.kind === 'due') && (r.priority === undefined) === !on.some((m) => m.kind === 'priority')
      }),
      { numRuns: 10_000 },
    )
  })
})
