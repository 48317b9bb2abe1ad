// 8. The built-in assistant's understanding: the corpus (backend/test/chat/corpus), tuning
// and held-out halves, accuracy and destructive false matches. Not a speed: a measure.
import { loadCorpus, runCorpus } from '../../backend/test/chat/corpus/corpus.js'
import { fmt, row, table } from './lib.js'

export default async function assistant() {
  const rows = []
  for (const part of ['tuning', 'held-out'] as const) {
    const cases = loadCorpus(part)
    const run = await runCorpus(cases)
    await run.close()
    const accuracy = run.passed / cases.length
    rows.push(
      row(`${part}: understood`, `${run.passed} / ${cases.length} (${fmt(accuracy * 100, 1)} %)`, { target: '≥ 95 %', met: accuracy >= 0.95 }),
      row(`${part}: destructive actions on a non-match`, String(run.destructive), { target: '0', met: run.destructive === 0 }),
    )
  }
  return table('8. The built-in assistant on its corpus (held-out never tuned on)', rows)
}
