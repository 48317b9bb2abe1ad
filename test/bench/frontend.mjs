// 6. Frontend: gzipped initial JS and CSS of the production build.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { fmt, repoRoot, row, run, table, tempDir } from './lib.mjs'

export default async function frontend() {
  const out = path.join(tempDir('todo-bench-fe-'), 'dist')
  await run(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--logLevel', 'warn'], {
    cwd: path.join(repoRoot, 'frontend'),
  })
  const assets = path.join(out, 'assets')
  const gz = (ext) =>
    fs
      .readdirSync(assets)
      .filter((f) => f.endsWith(ext))
      .reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0) / 1024
  const js = gz('.js')
  const css = gz('.css')
  return table('6. Frontend (production build)', [
    row('initial JavaScript, gzipped', `${fmt(js, 1)} kB`, { target: '≤ 25 kB', met: js <= 25 }),
    row('initial CSS, gzipped', `${fmt(css, 1)} kB`, { target: 'stated' }),
    row('Lighthouse performance / accessibility', 'not measured', {
      target: '≥ 95 each',
      met: false,
    }),
  ])
}
