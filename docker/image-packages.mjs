// The packages the production bundle (scripts/build.mjs) leaves to node_modules, and, run as
// a script, the node_modules directories they need at run time: what the runtime image keeps.
//   better-sqlite3  a native addon: its .node binary is loaded from its package directory
//   pino            Fastify's logger; its transports run in worker threads that load pino's
//   pino-pretty     own files (and pino-pretty, on a terminal) by path, so neither is bundled
// Everything else (Fastify, Kysely, pg, Better Auth, TypeBox, the openai SDK) is in the bundle.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const RUNTIME_PACKAGES = ['better-sqlite3', 'pino', 'pino-pretty']

/** Left out of the bundle but never installed: pg loads it only when asked for native mode. */
export const BUNDLE_EXTERNALS = [...RUNTIME_PACKAGES, 'pg-native']

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
      throw new Error(`${name} is not installed (needed by ${path.relative(stopAt, from) || 'the backend'})`)
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

// `node scripts/runtime-packages.mjs`: one directory per line, relative to the repository root.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const backend = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const root = path.dirname(backend)
  const dirs = runtimeClosure(RUNTIME_PACKAGES, backend, root).map((dir) => path.relative(root, dir))
  process.stdout.write(`${dirs.join('\n')}\n`)
}
