// 8. The built-in assistant's understanding: the corpus (backend/test/chat/corpus), tuning
// and held-out parts, accuracy and destructive false matches; and how many regular
// expressions the language layer holds, now and before it was rebuilt on compromise (the
// commit LANGUAGE_BEFORE names; git must be there to read it). Not a speed: a measure.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { loadCorpus, runCorpus } from '../../backend/test/chat/corpus/corpus.js'
import { fmt, repoRoot, row, table } from './lib.js'

/** The commit before the rebuild, and the files that held its language rules. */
const LANGUAGE_BEFORE = '662a74a'
const BEFORE_FILES = ['backend/src/chat/builtin/intent.ts', 'backend/src/chat/builtin/builtin-brain.ts', 'backend/src/lib/task-text.ts', 'backend/src/lib/when.ts', 'backend/src/chat/match.ts']
const NOW_DIRS = ['backend/src/language', 'backend/src/chat/builtin']
const NOW_FILES = ['backend/src/lib/when.ts', 'backend/src/chat/match.ts']

/** Regular expressions in a source: literals and `new RegExp(…)` / `RegExp(…)` calls. */
export function countRegexes(source: string): number {
  let count = 0
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) count++
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') count++
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true))
  return count
}

function regexesNow(): number {
  const files = [...NOW_DIRS.flatMap((d) => fs.readdirSync(path.join(repoRoot, d)).filter((f) => f.endsWith('.ts')).map((f) => path.join(d, f))), ...NOW_FILES]
  return files.reduce((n, f) => n + countRegexes(fs.readFileSync(path.join(repoRoot, f), 'utf8')), 0)
}

function regexesBefore(): number | undefined {
  try {
    return BEFORE_FILES.reduce((n, f) => n + countRegexes(execFileSync('git', ['show', `${LANGUAGE_BEFORE}:${f}`], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })), 0)
  } catch {
    return undefined
  }
}

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
  const before = regexesBefore()
  rows.push(row('regular expressions in the language layer', `${before ?? 'n/a (no git history)'} → ${regexesNow()}`))
  return table('8. The built-in assistant on its corpus (held-out never tuned on)', rows)
}
