// The backend's dev supervisor (npm run dev, the dev image's command). It holds the port
// itself and hands every connection to a server process (node:cluster, round-robin), so a
// reload never refuses a connection and Tilt's port-forward to the pod never breaks:
// on every saved file under src/ it bundles the sources with esbuild (node_modules stay
// external), starts the new server beside the old one, and only once the new one listens
// does the old one stop taking connections and finish the requests it has.
//
// A restart-style watcher (nodemon, tsx watch, the previous version of this file) stops the
// old process before the new one listens: every request in between is refused, and a
// kubectl/Tilt port-forward loses its connection to the pod. The figures are in
// test/bench/RESULTS.md ("Dev loop").
//
// To make the swap quick, a spare worker is always waiting with the server's packages
// already imported (scripts/dev-worker.mjs); a save hands it the new bundle.
import cluster from 'node:cluster'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { watch } from 'chokidar'
import * as esbuild from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outdir = path.join(root, '.dev')
/** A new server that neither listens nor exits within this long is given up on. */
const START_TIMEOUT_MS = 60_000
/** How long a retired server may take to finish its requests before it is told to stop. */
const RETIRE_TIMEOUT_MS = 30_000

const log = (message) => console.error(`[dev] ${message}`)

// Round-robin: the supervisor accepts each connection and passes it to a worker, so which
// worker serves is the supervisor's choice (the OS's choice would be sticky to one socket).
cluster.schedulingPolicy = cluster.SCHED_RR
cluster.setupPrimary({ exec: path.join(root, 'scripts/dev-worker.mjs'), execArgv: ['--enable-source-maps'] })

let build = 0
let current // the worker serving
let spare // a warmed worker waiting for a bundle
let preload = [] // the packages the last bundle imports, for the spare to load ahead
let stopping = false

// A fresh build each time (tens of milliseconds here): esbuild's incremental rebuild can
// miss an edit that keeps a file's size within the same mtime tick. Each build gets its
// own file, so a retiring server's source map is never overwritten under it.
async function bundle() {
  const outfile = path.join(outdir, `server-${++build}.mjs`)
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src/server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    outfile,
    logLevel: 'warning',
  })
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint)
  preload = [...new Set(output.imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => i.path))]
  return outfile
}

function removeOldBundles(keep) {
  for (const name of fs.readdirSync(outdir)) {
    const n = Number(/^server-(\d+)\.mjs(\.map)?$/.exec(name)?.[1])
    if (n && !keep.includes(n)) fs.rmSync(path.join(outdir, name), { force: true })
  }
}

/** A worker that imports the server's packages, then waits for a bundle to run. */
function forkWorker() {
  // Plain log lines for the person at the terminal (LOG_FORMAT=json still wins if set).
  const worker = cluster.fork({ DEV_PRELOAD: JSON.stringify(preload), LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty' })
  worker.warm = new Promise((resolve) => {
    worker.on('message', (m) => m?.warm && resolve(true))
    worker.once('exit', () => resolve(false))
  })
  return worker
}

/** Resolves true once the worker listens, false if it exits (or hangs) first. */
function started(worker) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      log(`the new server neither listened nor exited in ${START_TIMEOUT_MS / 1000} s; stopping it`)
      worker.kill('SIGKILL')
    }, START_TIMEOUT_MS)
    const done = (ok) => {
      clearTimeout(timer)
      worker.off('listening', onListening)
      worker.off('exit', onExit)
      resolve(ok)
    }
    const onListening = () => done(true)
    const onExit = () => done(false)
    worker.on('listening', onListening)
    worker.on('exit', onExit)
  })
}

/** The old server stops taking connections, finishes what it has, then stops (SIGTERM). */
function retire(worker) {
  worker.send({ retire: true })
  const timer = setTimeout(() => worker.kill('SIGTERM'), RETIRE_TIMEOUT_MS)
  worker.once('exit', () => clearTimeout(timer))
}

async function swap(reason) {
  const began = performance.now()
  let outfile
  try {
    outfile = await bundle()
  } catch {
    log(current ? 'build failed; still serving the previous build' : 'build failed; waiting for the next save')
    return
  }
  // The bundle goes to a worker once it is warm: it listens for messages from then on.
  let worker = spare
  spare = undefined
  if (!worker || !(await worker.warm)) worker = forkWorker()
  if (!(await worker.warm)) {
    log('a server process could not start; waiting for the next save')
    return
  }
  const built = performance.now()
  worker.send({ run: outfile })
  if (!(await started(worker))) {
    log(current ? 'the new server did not start; still serving the previous build' : 'the server did not start; waiting for the next save')
    return
  }
  const previous = current
  current = worker
  worker.once('exit', (code, signal) => {
    if (current === worker && !stopping) {
      current = undefined
      log(`the server exited (${signal ?? `code ${code}`}); waiting for the next save`)
    }
  })
  if (previous) retire(previous)
  removeOldBundles([build, build - 1])
  const ms = (from, to = performance.now()) => Math.round(to - from)
  log(`${reason}: new server listening in ${ms(began)} ms (build and spare ${ms(began, built)} ms, start ${ms(built)} ms)${previous ? '; the previous one finishes its requests' : ''}`)
  if (!stopping) spare = forkWorker()
}

// Saves arriving during a swap make one more swap once it is done, never two at a time.
let running = Promise.resolve()
let queued = false
function schedule(reason) {
  if (queued) return
  queued = true
  running = running.then(() => {
    queued = false
    return stopping ? undefined : swap(reason)
  })
}

fs.mkdirSync(outdir, { recursive: true })
removeOldBundles([])

// chokidar, not fs.watch: Node's recursive fs.watch loses a file once it is replaced by a
// rename, which is how editors save atomically and how tar (Tilt's sync) writes.
let timer
const watcher = watch(path.join(root, 'src'), { ignoreInitial: true }).on('all', (_event, file) => {
  clearTimeout(timer)
  timer = setTimeout(() => schedule(`${path.relative(root, file)} changed`), 30) // one swap per burst
})

// Stopping (Ctrl-C, SIGTERM from Kubernetes): every worker drains as the server does on its
// own SIGTERM; the supervisor exits once they all have.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    clearTimeout(timer)
    await watcher.close()
    const workers = Object.values(cluster.workers ?? {})
    await Promise.all(
      workers.map((worker) => {
        if (worker.isDead()) return undefined
        const exited = new Promise((resolve) => worker.once('exit', resolve))
        worker.kill('SIGTERM')
        return exited
      }),
    )
    process.exit(0)
  })
}

schedule('start')
