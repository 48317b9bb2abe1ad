// `npm run openapi`: writes the OpenAPI document the backend serves at /api/openapi.json to
// docs/openapi.json (or to the path given), from a throwaway app on a temporary database.
// backend/test/openapi.test.ts fails when the committed document differs from the routes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const OPENAPI_FILE = path.join(root, 'docs/openapi.json')

/** The document as the running app serves it, formatted as it is committed. */
export async function renderOpenApi(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-openapi-'))
  const app = await buildApp({ database: { kind: 'sqlite', path: path.join(dir, 'todo.db') }, corsOrigins: [], logger: false })
  try {
    const res = await app.inject('/api/openapi.json')
    return `${JSON.stringify(res.json(), null, 2)}\n`
  } finally {
    await app.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = path.resolve(process.argv[2] ?? OPENAPI_FILE)
  fs.writeFileSync(target, await renderOpenApi())
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`)
}
