// The assistant's corpus: at least 400 everyday utterances with what each must do. The
// held-out half was never tuned on; it must stay at 95 % or better, and no utterance may
// change a task it did not ask about (a destructive false match).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCorpus, runCorpus, type CorpusRun } from './corpus/corpus.js'

const runs: CorpusRun[] = []
afterAll(async () => {
  for (const run of runs) await run.close()
})

describe('the assistant corpus', () => {
  const tuning = loadCorpus('tuning')
  const heldOut = loadCorpus('held-out')

  it('holds at least 400 utterances, none in both halves', () => {
    expect(tuning.length + heldOut.length).toBeGreaterThanOrEqual(400)
    const tuned = new Set(tuning.map((c) => c.turns.join(' | ').toLowerCase()))
    expect(heldOut.filter((c) => tuned.has(c.turns.join(' | ').toLowerCase()))).toEqual([])
  })

  it('understands ≥ 95 % of the held-out half and never changes a task it was not asked about', async () => {
    const run = await runCorpus(heldOut)
    runs.push(run)
    console.log(`held-out: ${run.passed}/${heldOut.length} understood, ${run.destructive} destructive`)
    expect(run.destructive).toBe(0)
    expect(run.passed / heldOut.length).toBeGreaterThanOrEqual(0.95)
  })

  it('understands ≥ 95 % of the tuning half and never changes a task it was not asked about', async () => {
    const run = await runCorpus(tuning)
    runs.push(run)
    const wrong = run.outcomes.filter((o) => !o.ok).map((o) => `${o.case.text}\n   got ${JSON.stringify(o.calls)}: ${o.reply}`)
    console.log(`tuning: ${run.passed}/${tuning.length} understood, ${run.destructive} destructive`)
    expect(run.outcomes.filter((o) => o.destructive).map((o) => o.case.text)).toEqual([])
    expect(run.passed / tuning.length, wrong.join('\n')).toBeGreaterThanOrEqual(0.95)
  })

  it('the table of what it understands in docs/assistant.md matches what the corpus shows it does', async () => {
    const docs = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/assistant.md'), 'utf8')
    const rows = [...docs.matchAll(/^\| "([^"]+)" \| `([a-z_]+|asks back|nothing)` \|/gm)].map((m) => ({ say: m[1]!.replaceAll("\\|", "|"), does: m[2]! }))
    expect(rows.length).toBeGreaterThanOrEqual(10)
    const all = [...tuning, ...heldOut]
    const cases = rows.map((row) => {
      const found = all.find((c) => c.turns.join(' | ') === row.say)
      expect(found, `"${row.say}" is not in the corpus`).toBeDefined()
      return found!
    })
    const run = await runCorpus(cases)
    runs.push(run)
    rows.forEach((row, i) => {
      const outcome = run.outcomes[i]!
      expect(outcome.ok, `"${row.say}" is not understood`).toBe(true)
      const does = Array.isArray(outcome.case.expect) ? outcome.case.expect.map((e) => e.name).join(', ') : outcome.case.expect === 'ask' ? 'asks back' : 'nothing'
      expect(does, `"${row.say}"`).toBe(row.does)
    })
  })
})
