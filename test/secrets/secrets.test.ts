// No credential in the repository: every tracked file is scanned. (The images' files are
// scanned by test/images/run.sh with the same patterns.)
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../harness/launch.js'
// @ts-expect-error: a plain ES module without typings, shared with a shell script
import { scan } from './scan.mjs'

describe('the secret scan', () => {
  it('finds nothing in the tracked files', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean)
      .map((f) => path.join(repoRoot, f))
    expect(tracked.length).toBeGreaterThan(50)
    expect(scan(tracked)).toEqual([])
  })

  it('does find each kind of secret it looks for', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-secrets-'))
    try {
      const fake = (prefix: string, n: number) => prefix + 'A1b2C3d4'.repeat(8).slice(0, n)
      fs.writeFileSync(
        path.join(dir, 'leaky.env'),
        [
          `OPENAI_API_KEY=${fake('sk-proj-', 40)}`,
          `aws = ${'AKIA'}${'ABCDEFGHIJKLMNOP'}`,
          `token: ${fake('ghp_', 36)}`,
          `AUTH_SECRET="${fake('', 32)}"`,
          `const PEM_HEADER = '${['-----BEGIN', 'PRIVATE KEY-----'].join(' ')}' // a constant, not a key`,
          ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' '),
          'MIIEowIBAAKCAQEA'.repeat(4),
        ].join('\n'),
      )
      expect(scan([dir]).map((f: string) => f.split(': ')[1])).toEqual([
        'OpenAI API key',
        'assigned secret',
        'AWS access key',
        'GitHub token',
        'assigned secret',
        'private key',
      ])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
