// 6. Frontend: gzipped initial JS and CSS of the production build, and Lighthouse scores
// of the app as nginx serves it (the e2e stack: production build, the image's nginx
// template, a real backend), in Debian's Chromium.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { startStack } from '../e2e/stack.js'
import { fmt, repoRoot, row, run, table, tempDir } from './lib.js'

// Lighthouse is ~185 MB of packages, so it is installed (pinned) for the bench only, once.
const LIGHTHOUSE = '12.2.3'
const TOOLS = '/var/tmp/todo-chatbot-bench'

async function lighthouse(url: string) {
  const bin = path.join(TOOLS, 'node_modules/.bin/lighthouse')
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(TOOLS, { recursive: true })
    await run('npm', ['install', '--prefix', TOOLS, '--no-audit', '--no-fund', `lighthouse@${LIGHTHOUSE}`])
  }
  const out = path.join(tempDir('todo-bench-lh-'), 'report.json')
  const profile = tempDir('todo-bench-lh-profile-')
  const flags = `--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=${profile}`
  await run(bin, [url, '--only-categories=performance,accessibility', '--output=json', `--output-path=${out}`, '--quiet', `--chrome-flags=${flags}`], {
    env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  })
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { categories: Record<'performance' | 'accessibility', { score: number }> }
  return { performance: report.categories.performance.score * 100, accessibility: report.categories.accessibility.score * 100 }
}

export default async function frontend() {
  const out = path.join(tempDir('todo-bench-fe-'), 'dist')
  await run(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--logLevel', 'warn'], {
    cwd: path.join(repoRoot, 'frontend'),
  })
  const assets = path.join(out, 'assets')
  const gz = (ext: string) =>
    fs
      .readdirSync(assets)
      .filter((f) => f.endsWith(ext))
      .reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0) / 1024
  const js = gz('.js')
  const css = gz('.css')
  const stack = await startStack()
  let scores: Awaited<ReturnType<typeof lighthouse>>
  try {
    scores = await lighthouse(stack.url)
  } finally {
    await stack.stop()
  }
  return table('6. Frontend (production build; Lighthouse on the sign-in page as nginx serves it, default mobile profile)', [
    row('initial JavaScript, gzipped', `${fmt(js, 1)} kB`, { target: '≤ 25 kB', met: js <= 25 }),
    row('initial CSS, gzipped', `${fmt(css, 1)} kB`, { target: 'stated' }),
    row(`Lighthouse ${LIGHTHOUSE}: performance / accessibility`, `${fmt(scores.performance, 0)} / ${fmt(scores.accessibility, 0)}`, {
      target: '≥ 95 each',
      met: scores.performance >= 95 && scores.accessibility >= 95,
    }),
  ])
}
