// 7. Dev loop, 8. images and the resilience suite at bench size: these run the project's
// own suites (test/tilt, test/images/run.sh, backend/test/resilience) and read the
// figures they print, so the bench measures exactly what CI checks.
import fs from 'node:fs'
import path from 'node:path'
import { fmt, freePort, launch, repoRoot, row, sleep, table, waitForUrl } from './lib.js'

/** What test/cluster/reload-probe.mjs prints last: the saves' times and the looping client's tally. */
interface Reloads {
  median: number
  max: number
  answered: number
  failed: number
  failures: Record<string, number>
}

/**
 * Ten saves of the health route in a scratch copy of the backend while a client loops on it
 * (test/cluster/reload-probe.mjs, as the cluster suite runs it through Tilt), under `command`:
 * the dev supervisor, or nodemon, the usual restart-style watcher (the baseline).
 */
async function reloadUnder(command: [string, ...string[]]): Promise<Reloads> {
  const scratch = fs.mkdtempSync(path.join(repoRoot, '.tilt-test-bench-'))
  const dir = path.join(scratch, 'backend')
  try {
    for (const entry of ['src', 'scripts', 'package.json', 'tsconfig.json']) {
      fs.cpSync(path.join(repoRoot, 'backend', entry), path.join(dir, entry), { recursive: true })
    }
    fs.copyFileSync(path.join(repoRoot, 'tsconfig.base.json'), path.join(scratch, 'tsconfig.base.json'))
    const port = await freePort()
    const proc = launch(command[0], command.slice(1), {
      cwd: dir,
      env: { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: path.join(dir, 'todo.db') },
      group: true,
    })
    const url = `http://127.0.0.1:${port}/health`
    await waitForUrl(url, { process: proc })
    await sleep(3000) // the supervisor's spare warms up; nodemon is idle
    const { out } = await runSuite(process.execPath, ['test/cluster/reload-probe.mjs', url, path.join(dir, 'src/health/health.routes.ts'), '10'])
    await proc.stop()
    return JSON.parse(out.trim().split('\n').at(-1)!) as Reloads
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** One of the project's suites, run as CI runs it (with this environment); its exit code and output. */
async function runSuite(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const suite = launch(command, args, { cwd: repoRoot, env: { ...process.env, ...env } })
  const { code } = await suite.exited
  // eslint-disable-next-line no-control-regex -- strips terminal colours
  return { code, out: suite.output().replace(/\x1b\[[0-9;]*m/g, '') }
}

const num = (re: RegExp, text: string) => Number(re.exec(text)?.[1])

export async function devLoop() {
  const { code, out } = await runSuite('npx', ['vitest', 'run', '--project', 'system', 'test/tilt', '-t', 'dev images'])
  const frontend = num(/frontend HMR: save → update applied in Chromium in (\d+) ms/, out)
  const supervisor = await reloadUnder([process.execPath, 'scripts/dev.mjs'])
  const nodemon = await reloadUnder([
    process.execPath, path.join(repoRoot, 'node_modules/nodemon/bin/nodemon.js'), '--quiet', '--watch', 'src', '--ext', 'ts',
    '--signal', 'SIGTERM', '--exec', `${process.execPath} --import tsx src/server.ts`,
  ])
  const requests = (r: Reloads) => `${fmt(r.failed, 0)} failed of ${fmt(r.answered + r.failed, 0)}`
  return table('9. Dev loop (the dev images’ own commands, run locally; 10 saves, a client looping on the backend)', [
    row('backend: save → new code answering, median / max', `${fmt(supervisor.median, 0)} / ${fmt(supervisor.max, 0)} ms`, {
      baseline: `nodemon ${fmt(nodemon.median, 0)} / ${fmt(nodemon.max, 0)} ms`,
      ratio: `${fmt(supervisor.median / nodemon.median, 2)}×`,
      target: '≤ 1,000 ms',
      met: supervisor.median <= 1000,
    }),
    row('backend: requests failed during the saves', requests(supervisor), {
      baseline: `nodemon ${requests(nodemon)} (${Object.keys(nodemon.failures).join(', ') || 'none'})`,
      target: '0',
      met: supervisor.failed === 0,
    }),
    row('frontend: save → HMR applied in Chromium, no reload', `${fmt(frontend, 0)} ms`, { target: '≤ 200 ms', met: code === 0 && frontend <= 200 }),
  ])
}

export async function images() {
  const { code, out } = await runSuite('bash', ['test/images/run.sh'])
  const size = (name: string) => /\| ([\d.]+) MB \| ([\d.]+) MB \|/.exec(out.split('\n').find((l) => l.startsWith(`| ${name} (runtime)`)) ?? '')
  const be = size('todo-chatbot-backend')
  const fe = size('todo-chatbot-frontend')
  const dev = (name: string) => /\| ([\d.]+) MB \|/.exec(out.split('\n').find((l) => l.startsWith(`| ${name} (dev)`)) ?? '')?.[1]?.concat(' MB') ?? 'n/a'
  const built = [...out.matchAll(/built (\S+) \((\w+)\) in (\d+) s/g)].map((m) => `${m[1]!.split(':')[0]!.replace('todo-chatbot-', '')} ${m[2]} ${m[3]} s`)
  return table('10. Images (test/images/run.sh; sizes include the base image, offline stand-ins here)', [
    row('backend runtime image / its own layers', be ? `${be[1]} MB / ${be[2]} MB` : 'n/a', { target: 'own layers ≤ 60 MB', met: code === 0 && Number(be?.[2]) <= 60 }),
    row('frontend runtime image / its own layers', fe ? `${fe[1]} MB / ${fe[2]} MB` : 'n/a', { target: 'own layers ≤ 2 MB', met: code === 0 && Number(fe?.[2]) <= 2 }),
    row('backend dev image (Tilt)', dev('todo-chatbot-backend'), { baseline: 'before: 704 MB', target: '≤ 400 MB', met: code === 0 && parseFloat(dev('todo-chatbot-backend')) <= 400 }),
    row('frontend dev image (Tilt)', dev('todo-chatbot-frontend'), { baseline: 'before: 373 MB', target: '≤ 250 MB', met: code === 0 && parseFloat(dev('todo-chatbot-frontend')) <= 250 }),
    row('build times (cache as left by earlier runs)', built.join(', ') || 'n/a'),
  ])
}

/**
 * The dev loop through the real Tilt on a real cluster: the cluster suite (test/cluster/run.sh)
 * runs `tilt ci`, then `tilt up` with ten backend saves and a frontend save timed through
 * Tilt's port-forwards; its closing table is read here.
 */
export async function tilt() {
  const { code, out } = await runSuite('bash', ['test/cluster/run.sh'])
  const figure = (name: string) => out.split('\n').find((l) => l.startsWith(`| ${name}`))?.split('|')[2]?.trim() ?? 'n/a'
  const failed = figure('requests failed during those saves')
  return table('11. Dev loop through the real Tilt (test/cluster/run.sh on k8s-sandbox, Tilt v0.34)', [
    row('tilt ci: all green / both apps ready (dev images cached)', figure('tilt ci: all green'), { target: 'apps ≤ 90 s, not waiting for tests', met: code === 0 && parseFloat(figure('tilt ci: all green').split('/')[1] ?? '') <= 90 }),
    row('tilt ci: the test suites’ own run time', figure('tilt ci: test suites')),
    row('backend: save → new code through Tilt’s port-forward (10 saves)', figure('backend save'), { baseline: 'before: about 6 s, port-forward lost on each save', target: '≤ 1,000 ms', met: parseFloat(figure('backend save').replace(/^median /, '')) <= 1000 }),
    row('requests failed during those saves (a client looping through the port-forward)', failed, { target: '0', met: code === 0 && failed.startsWith('0 failed') }),
    row('frontend: save → HMR applied in Chromium through Tilt', figure('frontend save')),
    row('whole cluster suite', figure('whole cluster suite')),
  ])
}

export async function resilience() {
  const { code, out } = await runSuite('npx', ['vitest', 'run', '--project', 'backend', 'test/resilience'], {
    FUZZ_RUNS: '20000',
    RESILIENCE_SECONDS: '60',
  })
  const line = (re: RegExp) => re.exec(out)?.[0] ?? 'n/a'
  return table('Resilience at bench size (backend/test/resilience, FUZZ_RUNS=20000, RESILIENCE_SECONDS=60)', [
    row('fuzzing', line(/fuzz \(sqlite\): \d+ requests, (\d+ past authentication, )?statuses \S+/), { target: '≥ 20,000 cases, no 5xx', met: code === 0 }),
    row('kill -9 mid-write', line(/crash: .*/), { target: 'nothing acknowledged lost', met: code === 0 }),
    row('disk full', line(/disk full: .*/), { target: '507, reads on, recovers', met: code === 0 }),
    row('two processes, one file', line(/two processes: .*/), { target: 'no error, no lost write', met: code === 0 }),
    row('rolling restart behind a readiness-aware proxy', line(/rolling restart: .*/), { target: '0 failed', met: code === 0 }),
  ])
}
