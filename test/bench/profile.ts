// npm run bench:profile: where a GET /api/tasks spends its time. Starts the backend with
// V8's CPU profiler, drives the same load as bench section 1 (wrk, 50
// connections, 50 tasks) and prints the self time by package and by function, as a share
// of the profiled time. It runs the source through tsx, not the bundle, so that time is
// attributed to packages and our files rather than to bundle chunks. The figures quoted in performance commits come from here.
//   PROFILE_PATH=/api/chat PROFILE_BODY='{"message":"what is pending?"}' for another route.
import fs from 'node:fs'
import path from 'node:path'
import { fmt, freePort, launch, repoRoot, tempDir, userWithTasks, waitForUrl, wrk } from './lib.js'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const route = process.env.PROFILE_PATH ?? '/api/tasks'
const body = process.env.PROFILE_BODY
const dir = tempDir('todo-profile-')
const port = await freePort()
const server = launch(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'src/server.ts'], {
  cwd: path.join(repoRoot, 'backend'),
  env: { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', CHAT_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0', QUOTA_TASKS: '10000000', QUOTA_STORED_TASKS: '10000000', QUOTA_TEXT_MB: '100000', DATABASE_URL: path.join(dir, 'todo.db') },
})
const url = `http://127.0.0.1:${port}`
await waitForUrl(`${url}/ready`, { process: server })
const token = await userWithTasks(url, 50)
const load = await wrk(`${url}${route}`, {
  warmup: true,
  headers: { Authorization: `Bearer ${token}` },
  ...(body && { method: 'POST', body }),
})
await server.stop('SIGTERM')
const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
if (!file) throw new Error(`no profile written:\n${server.output()}`)
const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Profile

const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<number, number>()
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
const total = [...self.values()].reduce((a, b) => a + b, 0)

/** node_modules/<package>, our own source file, node's internals, or V8's own (GC, idle). */
function owner(node: ProfileNode): string {
  const url = node.callFrame.url
  if (!url) return `(${node.callFrame.functionName || 'native'})`
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  if (url.startsWith('node:')) return 'node internals'
  return path.relative(path.join(repoRoot, 'backend'), url.replace(/^file:\/\//, ''))
}

const sum = (key: (n: ProfileNode) => string) => {
  const totals = new Map<string, number>()
  for (const [id, us] of self) {
    const k = key(byId.get(id)!)
    totals.set(k, (totals.get(k) ?? 0) + us)
  }
  return [...totals].sort((a, b) => b[1] - a[1])
}
// Inclusive: a sample counts once for every owner on its stack (a query builder's time
// includes the driver it calls).
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const inclusive = new Map<string, number>()
for (const [id, us] of self) {
  const owners = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) owners.add(owner(byId.get(at)!))
  for (const o of owners) inclusive.set(o, (inclusive.get(o) ?? 0) + us)
}

const share = (us: number) => `${fmt((us / total) * 100, 1)} %`

console.log(`${route}: ${fmt(load.rps, 0)} req/s, p99 ${fmt(load.p99, 2)} ms under the profiler; ${fmt(total / 1e6, 1)} s profiled\n`)
console.log('| self time by owner | share |\n| --- | --- |')
for (const [k, us] of sum(owner).slice(0, 15)) console.log(`| ${k} | ${share(us)} |`)
console.log('\n| time on the stack, by owner (inclusive) | share |\n| --- | --- |')
for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`| ${k} | ${share(us)} |`)
console.log('\n| self time by function | share |\n| --- | --- |')
const fn = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${owner(n)}:${n.callFrame.lineNumber + 1}`
for (const [k, us] of sum(fn).slice(0, 25)) console.log(`| ${k} | ${share(us)} |`)
