// Looks for anything shaped like a credential: API keys (OpenAI, AWS, GitHub, Slack,
// Google), private keys, and long literal secrets assigned in config. Used on the
// repository (test/secrets/secrets.test.ts) and on the built images' files
// (test/images/run.sh).   node test/secrets/scan.mjs PATH...   (exit 1 on a finding)
import fs from 'node:fs'
import path from 'node:path'

export const PATTERNS = [
  ['OpenAI API key', /\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}/],
  ['AWS access key', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['Slack token', /\bxox[abpors]-[A-Za-z0-9-]{10,}/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['assigned secret', /\b(?:OPENAI_API_KEY|AUTH_SECRET|API_KEY|SECRET_KEY|PASSWORD)\s*[:=]\s*["']?[A-Za-z0-9+/_-]{24,}/],
]

// A PEM header alone is not a key (libraries such as jose carry the header as a constant):
// a private key is the header followed by its base64 body.
const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=]{40,}/g

const MAX_BYTES = 2 * 1024 * 1024

function* files(target) {
  const stat = fs.lstatSync(target, { throwIfNoEntry: false })
  if (!stat || stat.isSymbolicLink()) return
  if (stat.isFile()) yield target
  else if (stat.isDirectory()) for (const entry of fs.readdirSync(target)) yield* files(path.join(target, entry))
}

/** Every finding in the given files and folders, as "file:line: kind". */
export function scan(targets) {
  const findings = []
  for (const target of targets) {
    for (const file of files(target)) {
      if (fs.statSync(file).size > MAX_BYTES) continue
      const text = fs.readFileSync(file, 'latin1')
      if (text.includes('\u0000')) continue // binary
      text.split('\n').forEach((line, i) => {
        for (const [kind, re] of PATTERNS) if (re.test(line)) findings.push(`${file}:${i + 1}: ${kind}`)
      })
      for (const match of text.matchAll(PRIVATE_KEY)) {
        findings.push(`${file}:${text.slice(0, match.index).split('\n').length}: private key`)
      }
    }
  }
  return findings
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const findings = scan(process.argv.slice(2))
  for (const f of findings) console.log(f)
  console.error(`secret scan: ${findings.length} finding(s)`)
  process.exit(findings.length ? 1 : 0)
}
