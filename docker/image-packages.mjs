// The node_modules directories each image keeps, found as Node's resolution would find them
// (package.json dependencies, walked upwards through node_modules folders), and, run as a
// script, copied out of a full install for the images' *-modules stages:
//   node docker/image-packages.mjs SET [DEST]     prints the directories, or copies them to DEST
// SET is one of:
//   backend-runtime  what the production bundle (backend/scripts/build.mjs) leaves out:
//                    better-sqlite3 (a native addon: its .node binary is loaded from its
//                    package directory) and pino (Fastify's logger; its transports run in
//                    worker threads that load their files by path). Everything else
//                    (Fastify, Kysely, pg, Better Auth, the openai SDK, prom-client) is in
//                    the bundle. The runtime logs JSON, so pino-pretty stays out.
//   backend-dev      what the dev image's server loads: its dev bundle (scripts/dev.mjs)
//                    leaves every package external, so all the backend's dependencies, plus
//                    esbuild and chokidar (the dev supervisor), tsx (the Tilt button
//                    "Seed demo account" runs src/seed.ts in place) and pino-pretty (the dev
//                    image logs LOG_FORMAT=pretty).
//   frontend-dev     what the Vite dev server loads: Vite, its Solid plugin and Solid.
// The test runner, type checker and linter stay out of every image: they run on the
// developer's machine. Copies keep, of better-sqlite3, only its JavaScript and compiled
// .node file (its C sources and intermediate objects are most of its size), and of every
// package no file Node never reads (.d.ts, source maps, markdown).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const BACKEND_RUNTIME = ['better-sqlite3', 'pino']

/**
 * Left out of the bundle but never installed: pg loads pg-native only when asked for native
 * mode, and pino loads pino-pretty only for LOG_FORMAT=pretty, which the runtime refuses
 * without it (src/server.ts).
 */
export const BUNDLE_EXTERNALS = [...BACKEND_RUNTIME, 'pg-native', 'pino-pretty']

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dependencies = (workspace) =>
  Object.keys(JSON.parse(fs.readFileSync(path.join(root, workspace, 'package.json'), 'utf8')).dependencies ?? {})

const SETS = {
  'backend-runtime': () => ['backend', BACKEND_RUNTIME],
  'backend-dev': () => ['backend', [...dependencies('backend'), 'esbuild', 'chokidar', 'tsx', 'pino-pretty']],
  'frontend-dev': () => ['frontend', [...dependencies('frontend'), 'vite', 'vite-plugin-solid']],
}

// Listed as dependencies but used only while installing: better-sqlite3's downloader of
// prebuilt binaries (the Dockerfile compiles the addon, and nothing loads it afterwards).
const INSTALL_ONLY = new Set(['prebuild-install'])

/** Every package directory the given packages load, found as Node's resolution would. */
export function runtimeClosure(names, fromDir, stopAt) {
  const keep = new Set()
  const locate = (name, from) => {
    for (let dir = from; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name)
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate
      if (dir === stopAt || dir === path.dirname(dir)) return undefined
    }
  }
  const visit = (name, from, optional) => {
    if (INSTALL_ONLY.has(name)) return
    const dir = locate(name, from)
    if (!dir) {
      if (optional) return
      throw new Error(`${name} is not installed (needed by ${path.relative(stopAt, from) || 'the workspace'})`)
    }
    if (keep.has(dir)) return
    keep.add(dir)
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false)
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true)
  }
  for (const name of names) visit(name, fromDir, false)
  return [...keep].sort()
}

/** Whether a file of an installed package is one Node reads at run time. */
function kept(file) {
  if (/\.(map|d\.ts|d\.mts|d\.cts|md)$/.test(file)) return false
  const addon = /node_modules\/better-sqlite3\/(.*)$/.exec(file)?.[1]
  if (addon === undefined) return true
  if (/^(deps|src|binding\.gyp)(\/|$)/.test(addon)) return false
  return !addon.startsWith('build') || ['build', 'build/Release', 'build/Release/better_sqlite3.node'].includes(addon)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [set, dest] = process.argv.slice(2)
  if (!SETS[set]) {
    console.error(`usage: image-packages.mjs ${Object.keys(SETS).join('|')} [DEST]`)
    process.exit(2)
  }
  const [workspace, names] = SETS[set]()
  const dirs = runtimeClosure(names, path.join(root, workspace), root).map((dir) => path.relative(root, dir))
  if (!dest) process.stdout.write(`${dirs.join('\n')}\n`)
  for (const dir of dest ? dirs : []) {
    fs.cpSync(path.join(root, dir), path.join(dest, dir), { recursive: true, filter: (src) => kept(path.relative(root, src)) })
  }
}
