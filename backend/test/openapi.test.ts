// The OpenAPI document is generated from the routes' schemas; the committed copy in
// docs/openapi.json must be what the routes say today.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { OPENAPI_FILE, renderOpenApi } from '../scripts/openapi.js'
import { buildTestApp } from './helper.js'

describe('the OpenAPI document', () => {
  it('is served at /api/openapi.json without a session, and documents every API route', async () => {
    const app = await buildTestApp()
    const res = await app.inject('/api/openapi.json')
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toBe('3.1.0')
    for (const path of ['/api/tasks/', '/api/tasks/counts', '/api/tasks/parse', '/api/tasks/{number}', '/api/tasks/{number}/restore', '/api/chat', '/api/conversations', '/api/auth/sign-in/email']) {
      expect(Object.keys(doc.paths), path).toContain(path)
    }
    // Every operation declares what it answers.
    for (const [path, operations] of Object.entries<Record<string, { responses?: object }>>(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(Object.keys(operation.responses ?? {}), `${method} ${path}`).not.toEqual([])
      }
    }
  })

  it('docs/openapi.json is current (run `npm run openapi` after changing a schema)', async () => {
    expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(await renderOpenApi())
  })
})
