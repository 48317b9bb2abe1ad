// The README, docs/ and the bench report: the README stays short, and every link between
// them (files and #headings) leads somewhere. Links to other sites cannot be followed here (no network but
// loopback); they are only checked to be well-formed https URLs.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../harness/launch.js'

const documents = [
  'README.md',
  'test/bench/RESULTS.md',
  ...fs.readdirSync(path.join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
]

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(path.join(repoRoot, file), 'utf8').replace(/```[\s\S]*?```/g, '')
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)))
}

function links(file: string): string[] {
  const text = fs.readFileSync(path.join(repoRoot, file), 'utf8').replace(/```[\s\S]*?```/g, '')
  return [...text.matchAll(/\]\(([^)\s]+)\)|<(https?:\/\/[^>]+)>/g)].map((m) => (m[1] ?? m[2])!)
}

describe('the documentation', () => {
  it('keeps the README under 10 kB', () => {
    const size = fs.statSync(path.join(repoRoot, 'README.md')).size
    console.log(`README.md: ${size} bytes`)
    expect(size).toBeLessThanOrEqual(10 * 1024)
  })

  it.each(documents)('%s: every link leads to a file and heading that exist', (file) => {
    const broken: string[] = []
    expect(links(file).length).toBeGreaterThan(0)
    for (const link of links(file)) {
      if (/^https?:\/\//.test(link)) {
        if (!/^https:\/\/[\w.-]+\.[a-z]{2,}(\/\S*)?$/.test(link) && !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(link)) broken.push(link)
        continue
      }
      const [target, anchor] = link.split('#') as [string, string | undefined]
      const resolved = target ? path.normalize(path.join(path.dirname(file), target)) : file
      if (!fs.existsSync(path.join(repoRoot, resolved))) {
        broken.push(`${link} (no file ${resolved})`)
        continue
      }
      if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(`${link} (no heading #${anchor} in ${resolved})`)
    }
    expect(broken).toEqual([])
  })

  it('every docs/….md#heading the configuration points to (nginx, Dockerfiles, k8s, the chart) exists', () => {
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]))
    const files = [...walk('frontend/nginx'), ...walk('k8s'), 'frontend/Dockerfile', 'backend/Dockerfile', 'Tiltfile']
    const pointers = files.flatMap((file) =>
      [...fs.readFileSync(path.join(repoRoot, file), 'utf8').matchAll(/docs\/([\w-]+\.md)#([\w-]+)/g)].map((m) => ({ file, doc: `docs/${m[1]}`, anchor: m[2]! })),
    )
    expect(pointers.length).toBeGreaterThan(0)
    const broken = pointers.filter((p) => !fs.existsSync(path.join(repoRoot, p.doc)) || !anchors(p.doc).has(p.anchor))
    expect(broken).toEqual([])
  })

  it('has the link checker catch a broken link', () => {
    expect(slug('Tilt troubleshooting')).toBe('tilt-troubleshooting')
    expect(slug('The `npm test` command, explained!')).toBe('the-npm-test-command-explained')
    expect(anchors('README.md').has('no-such-heading')).toBe(false)
  })
})
