// One contract: the frontend's API types are the backend's TypeBox schemas (`@contract`), so
// changing a field in a backend schema without the frontend fails `npm run check`. Proved
// here with the TypeScript compiler on the frontend project, once as it is and once with a
// field of the Task schema renamed in memory.
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../harness/launch.js'

const schemaFile = path.join(repoRoot, 'backend/src/tasks/tasks.schema.ts')

/** Type-checks the frontend project, with `replace` applied to the tasks schema's text. */
function frontendErrors(replace?: (text: string) => string): string[] {
  const configPath = path.join(repoRoot, 'frontend/tsconfig.json')
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })
  if (!config) throw new Error('cannot read frontend/tsconfig.json')
  const host = ts.createCompilerHost(config.options)
  const readFile = host.readFile.bind(host)
  host.readFile = (file) => {
    const text = readFile(file)
    return replace && text !== undefined && path.resolve(file) === schemaFile ? replace(text) : text
  }
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host })
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

describe('the API contract', () => {
  it('the frontend type-checks against the backend’s schemas as they are', () => {
    expect(frontendErrors()).toEqual([])
  })

  it('renaming a field of a backend schema, and not the frontend, fails the frontend’s type check', () => {
    const original = fs.readFileSync(schemaFile, 'utf8')
    const rename = (text: string) => text.replace(/(\n {2})due_date(: Type\.Union\(\[Type\.String\(\), Type\.Null\(\)\]\),)/, '$1due_on$2')
    expect(rename(original)).not.toBe(original) // the schema still has the field this test renames
    const errors = frontendErrors(rename)
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.join('\n')).toMatch(/due_date/)
  })

  it('the frontend keeps no hand-written copy of the API’s types', () => {
    expect(fs.existsSync(path.join(repoRoot, 'frontend/src/lib/types.ts'))).toBe(false)
    const api = fs.readFileSync(path.join(repoRoot, 'frontend/src/lib/api.ts'), 'utf8')
    expect(api).toMatch(/from '@contract'/)
    expect(api).not.toMatch(/^export interface (Task|User|Conversation)\b/m)
  })
})
