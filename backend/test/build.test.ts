// The production bundle (scripts/build.mjs) is what the runtime image runs, beside only the
// node_modules directories docker/image-packages.mjs names. Built and run here the same
// way, in a directory that holds nothing else, so a package the bundle needs but the image
// would lack fails this test instead of a deployment.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script without type declarations
import { BACKEND_RUNTIME, runtimeClosure } from '../../docker/image-packages.mjs'
import { backendRuntimeArgs } from '../../test/harness/dockerfile.js'
import { CONFIG_EXIT_CODE } from '../src/config.js'
import { tempDir } from './helper.js'
import { startOpenAiServer } from './openai-server.js'
import { signUpOver, spawnServer, startServer } from './server-process.js'

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const repoRoot = path.dirname(backendDir)
const run = promisify(execFile)

/** The bundle plus copies (not links: Node would follow them home) of the runtime packages. */
async function runtimeLayout(): Promise<string> {
  const dir = tempDir('todo-bundle-')
  await run(process.execPath, [path.join(backendDir, 'scripts/build.mjs'), path.join(dir, 'dist')])
  for (const pkg of runtimeClosure(BACKEND_RUNTIME, backendDir, repoRoot) as string[]) {
    fs.cpSync(pkg, path.join(dir, path.relative(repoRoot, pkg)), { recursive: true })
  }
  return dir
}

async function call(url: string, route: string, token: string, body?: unknown) {
  const res = await fetch(`${url}${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: url },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as any }
}

describe('the production bundle', () => {
  it('needs only the runtime packages: it serves accounts, tasks and both assistants, seeds, and drains', async () => {
    const dir = await runtimeLayout()
    expect(fs.readdirSync(path.join(dir, 'node_modules')).sort()).toContain('better-sqlite3')
    expect(fs.existsSync(path.join(dir, 'node_modules/fastify'))).toBe(false) // inlined

    const database = path.join(dir, 'data/todo.db')
    const model = await startOpenAiServer()
    model.script({ tool_calls: [{ name: 'add_task', arguments: { title: 'from the model' } }] }, { content: 'Added.' })
    const entry = { args: backendRuntimeArgs(), cwd: dir } // the runtime image's own CMD
    const envs: Record<string, string>[] = [{}, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: model.baseUrl }]
    for (const env of envs) {
      const server = await startServer({ DATABASE_URL: database, ...env }, entry)
      const token = await signUpOver(server.url)
      expect((await call(server.url, '/api/tasks', token, { title: 'bundled' })).status).toBe(201)
      // The built-in brain without a key; with one, the lazily loaded OpenAI brain's chunk.
      const turn = await call(server.url, '/api/chat', token, { message: 'add buy milk' })
      expect(turn.status).toBe(200)
      expect(turn.body.tool_calls[0]).toMatchObject({ name: 'add_task' })
      const titles = (await call(server.url, '/api/tasks', token)).body.items.map((t: { title: string }) => t.title)
      expect(titles).toContain('bundled')
      expect(titles).toContain('OPENAI_API_KEY' in env ? 'from the model' : 'buy milk')
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200) // prom-client is bundled

      server.child.kill('SIGTERM')
      expect(await server.exited).toEqual({ code: 0, signal: null })
    }
    expect(model.requests.length).toBe(2)

    // The runtime logs JSON: it has no pino-pretty, and asking for pretty is a config error.
    expect(fs.existsSync(path.join(dir, 'node_modules/pino-pretty'))).toBe(false)
    const pretty = spawnServer({ DATABASE_URL: database, LOG_FORMAT: 'pretty' }, entry)
    expect((await pretty.exited).code).toBe(CONFIG_EXIT_CODE)
    expect(pretty.stderr()).toMatch(/^Invalid configuration: LOG_FORMAT: pretty needs the pino-pretty package/)

    const seed = await run(process.execPath, ['dist/seed.js'], { cwd: dir, env: { PATH: process.env.PATH, DATABASE_URL: database } })
    expect(seed.stdout).toContain('demo@example.com')
  })
})
