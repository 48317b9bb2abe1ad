// Prints the corpus's accuracy, and (for the tuning half only) each case it gets wrong.
// `npx tsx test/chat/corpus/report.ts [--show-tuning-failures]`
import { loadCorpus, runCorpus } from './corpus.js'

const showFailures = process.argv.includes('--show-tuning-failures')
const rows = []
for (const part of ['tuning', 'held-out'] as const) {
  const cases = loadCorpus(part)
  const run = await runCorpus(cases)
  if (part === 'tuning' && showFailures) {
    for (const o of run.outcomes.filter((x) => !x.ok || x.destructive)) {
      console.log(`✗ ${o.case.text}\n    calls: ${JSON.stringify(o.calls)}\n    reply: ${o.reply.split('\n')[0]}`)
    }
  }
  rows.push({ part, cases: cases.length, understood: run.passed, accuracy: `${((100 * run.passed) / cases.length).toFixed(1)} %`, 'destructive on a non-match': run.destructive })
  await run.close()
}
console.table(rows)
