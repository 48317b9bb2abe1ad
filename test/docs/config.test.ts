// Every environment variable backend/src/config.ts reads is documented: a row of the
// configuration table in docs/api.md, the README's table, and a line of .env.example.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../harness/launch.js'

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8')
const variables = [...new Set([...read('backend/src/config.ts').matchAll(/\(env, '([A-Z0-9_]+)'/g)].map((m) => m[1]!))]

describe('the configuration variables', () => {
  it('are found in config.ts', () => {
    expect(variables).toContain('DATABASE_URL')
    expect(variables).toContain('LOG_FORMAT')
    expect(variables.length).toBeGreaterThan(15)
  })

  it.each(variables)('%s is in docs/api.md’s table, the README’s and .env.example', (name) => {
    const apiTable = read('docs/api.md').split('## Configuration')[1]!.split('\n### ')[0]!
    expect(apiTable).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'))
    expect(read('README.md')).toContain(`\`${name}\``)
    expect(read('.env.example')).toMatch(new RegExp(`^#? ?${name}=`, 'm'))
  })
})
