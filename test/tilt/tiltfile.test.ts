// The Tiltfile, checked as far as possible without Tilt: Tilt's own argument rules and
// cross-checks (../shared/tools/tiltfile-check), the inputs of every live update, the one
// relaxation, and the dev commands really reloading synced files (timed).
//
// Longer than the 300-line guideline on purpose: both halves read the dev stage of the same
// Dockerfiles (what it copies, its CMD) through the helpers here, so the Tiltfile's syncs and
// the reload they rely on are checked against one reading of them.
import { execFile, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, launch, repoRoot, type Launched } from '../harness/launch.js'
import { dockerStage } from '../harness/dockerfile.js'
import { groupAlive } from '../harness/processes.js'
import { parseAllDocuments } from 'yaml'
import { CHROMIUM, CHROMIUM_ARGS, missingTools } from '../e2e/stack.js'
import { render } from '../manifests/render.js'

const CHECKER = path.resolve(repoRoot, '../shared/tools/tiltfile-check/tiltfile-check')
const hasChecker = fs.existsSync(CHECKER)
if (!hasChecker && process.env.CI) throw new Error(`${CHECKER} is missing: CI must check the Tiltfile`)

interface CheckResult {
  code: number
  out: string
  json?: any
}

async function tiltfileCheck(args: string[] = [], env: Record<string, string> = {}): Promise<CheckResult> {
  try {
    const { stdout } = await promisify(execFile)(CHECKER, [...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      maxBuffer: 32 * 1024 * 1024,
    })
    return { code: 0, out: stdout, ...(args.includes('--json') && { json: JSON.parse(stdout) }) }
  } catch (error: any) {
    return { code: error.code ?? 1, out: `${error.stdout ?? ''}${error.stderr ?? ''}` }
  }
}

/** The Deployments Tilt would apply, from the recorded k8s_yaml call. */
function tiltDeployments(json: any): any[] {
  const call = json.calls.find((c: any) => c.fn === 'k8s_yaml')
  return parseAllDocuments(call.args[0].blob)
    .map((d) => d.toJS())
    .filter((o: any) => o?.kind === 'Deployment')
}

/** The sources the dev stage (and the stages it is built FROM) copy from the build context. */
function devStageCopies(dockerfile: string): string[] {
  const lines = fs.readFileSync(path.join(repoRoot, dockerfile), 'utf8').split('\n')
  const sources: string[] = []
  for (let stage: string | undefined = 'dev'; stage; ) {
    const start = lines.findIndex((l) => new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${stage}\\s*$`, 'i').test(l))
    const end = lines.findIndex((l, i) => i > start && /^FROM\s/i.test(l))
    for (const line of lines.slice(start + 1, end < 0 ? undefined : end)) {
      const words = line.split(/\s+/)
      if (words[0] !== 'COPY' || words.some((w) => w.startsWith('--from'))) continue
      sources.push(...words.slice(1, -1).filter((w) => !w.startsWith('--')))
    }
    const parent = lines[start]!.split(/\s+/)[1]!
    stage = lines.some((l) => new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${parent}\\s*$`, 'i').test(l)) ? parent : undefined
  }
  return sources
}

function filesUnder(p: string): string[] {
  if (!fs.statSync(p).isDirectory()) return [p]
  return fs.readdirSync(p, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
}

describe.skipIf(!hasChecker)('the Tiltfile, by tiltfile-check', () => {
  it.each([[[]], [['--', '--prod-images']], [['--', '--replicas', '2']]])('passes with tilt up %j', async (args) => {
    const result = await tiltfileCheck(['Tiltfile', ...args])
    expect(result.out).toBe('')
    expect(result.code).toBe(0)
  })

  describe('tilt up -- --db=postgres', () => {
    const envFile = path.join(repoRoot, 'k8s/overlays/postgres/postgres.env')
    /** Runs the check with local() on (it makes the gitignored password file), removing a file it made. */
    async function checkPostgres(args: string[]): Promise<CheckResult> {
      const existed = fs.existsSync(envFile)
      try {
        return await tiltfileCheck(args, { TILTFILE_CHECK_RUN_LOCAL: '1' })
      } finally {
        if (!existed) fs.rmSync(envFile, { force: true })
      }
    }
    const resource = (json: any, name: string) => json.calls.find((c: any) => c.fn === 'k8s_resource' && c.kwargs.new_name === name)

    it('passes, deploying k8s/overlays/postgres with the database as its own labelled resource the backend waits for', async () => {
      expect((await checkPostgres(['Tiltfile', '--', '--db=postgres'])).out).toBe('')
      const { json } = await checkPostgres(['--json', 'Tiltfile', '--', '--db=postgres'])
      const postgres = resource(json, 'postgres')
      expect(postgres.args[0]).toBe('todo-chatbot-postgres')
      expect(postgres.kwargs.labels).toEqual(['database'])
      expect(resource(json, 'backend').kwargs.resource_deps).toEqual(['infra', 'postgres'])
      const call = json.calls.find((c: any) => c.fn === 'k8s_yaml')
      const objects = parseAllDocuments(call.args[0].blob).map((d) => d.toJS())
      expect(objects.find((o: any) => o.kind === 'StatefulSet')?.metadata.name).toBe('todo-chatbot-postgres')
      expect(objects.filter((o: any) => o.kind === 'PersistentVolumeClaim')).toEqual([])
      const backend = tiltDeployments(json).find((d) => d.metadata.name === 'todo-chatbot-backend')
      expect(backend.spec.template.spec.containers[0].env).toContainEqual(
        expect.objectContaining({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: expect.objectContaining({ key: 'DATABASE_URL' }) } }),
      )
    })

    it('keeps SQLite by default: no database resource, the local overlay', async () => {
      const { json } = await tiltfileCheck(['--json', 'Tiltfile'])
      expect(resource(json, 'postgres')).toBeUndefined()
      expect(resource(json, 'backend').kwargs.resource_deps).toEqual(['infra'])
      const call = json.calls.find((c: any) => c.fn === 'k8s_yaml')
      expect(parseAllDocuments(call.args[0].blob).map((d) => d.toJS()).some((o: any) => o?.kind === 'PersistentVolumeClaim')).toBe(true)
    })

    it('refuses another --db, naming the choices', async () => {
      const result = await tiltfileCheck(['Tiltfile', '--', '--db=mysql'])
      expect(result.code).toBe(1)
      expect(result.out).toContain('--db=mysql: the database is sqlite (default) or postgres')
    })
  })

  it.each(['minikube', 'docker-desktop', 'kind-dev', 'k3d-local', 'rancher-desktop', 'orbstack', 'k8s-sandbox'])(
    'accepts the local context %s',
    async (context) => {
      expect((await tiltfileCheck(['Tiltfile'], { TILTFILE_CHECK_K8S_CONTEXT: context })).code).toBe(0)
    },
  )

  it('links the backend resource to /metrics on the port it forwards', async () => {
    const { json } = await tiltfileCheck(['--json', 'Tiltfile'])
    const backend = json.calls.find((c: any) => c.fn === 'k8s_resource' && c.kwargs.new_name === 'backend')
    expect(backend.kwargs.links).toContainEqual(expect.objectContaining({ name: 'metrics', url: 'http://localhost:8001/metrics' }))
    expect(backend.kwargs.port_forwards).toContain('8001:8001')
  })

  it('refuses any other context, naming it', async () => {
    const result = await tiltfileCheck(['Tiltfile'], { TILTFILE_CHECK_K8S_CONTEXT: 'gke_prod_europe' })
    expect(result.code).toBe(1)
    expect(result.out).toContain("Refusing kube context 'gke_prod_europe'")
  })

  it('syncs only paths that exist inside their build context, into the dev stage’s folders', async () => {
    const { json } = await tiltfileCheck(['--json', 'Tiltfile'])
    expect(json.images.map((i: any) => i.ref).sort()).toEqual(['todo-chatbot-backend', 'todo-chatbot-frontend'])
    for (const image of json.images) {
      expect(image.target).toBe('dev')
      const stage = dockerStage(image.dockerfile, 'dev')
      expect(stage, `${image.dockerfile} has a dev stage`).toBeDefined()
      const context = path.resolve(repoRoot, image.context)
      const steps = image.live_update as any[]
      expect(steps.map((s) => s.step)).toContain('sync')
      for (const step of steps) {
        const paths = step.step === 'sync' ? [step.local_path] : step.step === 'fall_back_on' ? step.paths : step.trigger ?? []
        for (const p of paths) {
          const abs = path.resolve(repoRoot, p)
          expect(fs.existsSync(abs), `${p} exists`).toBe(true)
          expect(abs.startsWith(context + path.sep) || abs === context, `${p} is inside ${image.context}`).toBe(true)
        }
        if (step.step === 'sync') expect(step.remote_path.startsWith('/app/')).toBe(true)
      }
      // The dev command runs where the sources are synced to.
      const sourceSync = steps.find((s) => s.step === 'sync' && s.local_path.endsWith('/src'))
      expect(sourceSync.remote_path).toBe(`${stage!.workdir}/src`)
    }
  })

  // A file the dev image holds but live update neither syncs nor rebuilds for would be
  // edited in vain: the pod would go on running the old copy.
  it('every file the dev image copies in is synced or makes Tilt rebuild the image', async () => {
    const { json } = await tiltfileCheck(['--json', 'Tiltfile'])
    for (const image of json.images) {
      const steps = image.live_update as any[]
      const covered = steps.flatMap((s) => (s.step === 'sync' ? [s.local_path] : s.step === 'fall_back_on' ? s.paths : []))
      const uncovered = devStageCopies(image.dockerfile)
        .flatMap((source) => filesUnder(path.join(repoRoot, source)))
        .map((file) => path.relative(repoRoot, file))
        .filter((file) => !covered.some((c: string) => file === c || file.startsWith(`${c}/`)))
      expect(uncovered, image.ref).toEqual([])
      expect(steps.some((s) => s.step === 'run'), `${image.ref}: nothing is installed into a running pod`).toBe(false)
    }
  })

  it('relaxes only Tilt’s deploy, and only what live update needs', async () => {
    const dev = tiltDeployments((await tiltfileCheck(['--json', 'Tiltfile'])).json)
    const prod = tiltDeployments((await tiltfileCheck(['--json', 'Tiltfile', '--', '--prod-images'])).json)
    const staticDeploy = render('k8s/overlays/local').filter((o) => o.kind === 'Deployment')
    for (const [objects, writable] of [[dev, true], [prod, false], [staticDeploy, false]] as const) {
      expect(objects).toHaveLength(2)
      for (const d of objects) {
        const pod = d.spec.template.spec
        const c = pod.containers[0]
        expect(c.securityContext.readOnlyRootFilesystem).toBe(!writable)
        // Never relaxed, anywhere:
        expect(pod.securityContext.runAsNonRoot).toBe(true)
        expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault')
        expect(c.securityContext.allowPrivilegeEscalation).toBe(false)
        expect(c.securityContext.capabilities.drop).toEqual(['ALL'])
      }
    }
    // Dev containers get room for a bundler and a server swap; the static deploy keeps the
    // production limits.
    for (const d of dev) expect(d.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '2', memory: '1Gi' })
    for (const d of [...prod, ...staticDeploy]) expect(d.spec.template.spec.containers[0].resources.limits.cpu).not.toBe('2')
    expect(dev.map((d) => d.spec.replicas)).toEqual([1, 1])
    expect(staticDeploy.map((d) => d.spec.replicas)).toEqual([2, 2])
  })
})

/** Copies a workspace's sources into a scratch folder at the repository root (so the
 * hoisted node_modules resolve), where the test can edit files as Tilt's sync would. */
function scratchCopy(dir: string, entries: string[]): string {
  const scratch = fs.mkdtempSync(path.join(repoRoot, '.tilt-test-'))
  for (const entry of entries) fs.cpSync(path.join(repoRoot, dir, entry), path.join(scratch, dir, entry), { recursive: true })
  fs.copyFileSync(path.join(repoRoot, 'tsconfig.base.json'), path.join(scratch, 'tsconfig.base.json'))
  return path.join(scratch, dir)
}

/** The dev stage's CMD as arguments to the local node. The images run on Node alone (no
 * npm), so a CMD is `node SCRIPT`; the image's /app/node_modules is the repository's own. */
function devCommand(dockerfile: string, replacePort?: string): string[] {
  const { cmd } = dockerStage(dockerfile, 'dev')!
  const local = cmd.map((a) => (a === '0.0.0.0' ? '127.0.0.1' : a))
  if (replacePort) local[local.indexOf('--port') + 1] = replacePort
  expect(local[0]).toBe('node')
  return local.slice(1).map((a) => (a.startsWith('../node_modules/') ? path.join(repoRoot, a.slice(3)) : a))
}

describe('the dev images’ commands reload synced files', () => {
  const children: Launched[] = []
  const scratches: string[] = []
  // Each watcher leads its own process group, and the whole group goes at the end: killing
  // only the watcher left the server it had started running (an orphan per `npm test`).
  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()))
    for (const s of scratches) fs.rmSync(path.dirname(s), { recursive: true, force: true })
  })

  function start(cwd: string, args: string[], env: Record<string, string>) {
    const watcher = launch(process.execPath, args, { cwd, env, group: true })
    children.push(watcher)
    return watcher.output
  }

  async function poll<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = await fn().catch(() => undefined)
      if (value !== undefined) return value
      if (Date.now() > deadline) throw new Error(`timed out: ${what()}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  let backendUrl = ''
  let supervisor: ChildProcess | undefined
  let backendOutput = () => ''

  it('backend: each save is served by a new server while the port never refuses a request (times printed)', async () => {
    const dir = scratchCopy('backend', ['src', 'scripts', 'package.json', 'tsconfig.json'])
    scratches.push(dir)
    const port = await freePort()
    const output = start(dir, devCommand('backend/Dockerfile'), {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: path.join(dir, 'data/todo.db'),
      LOG_LEVEL: 'warn',
    })
    supervisor = children.at(-1)!.child
    backendUrl = `http://127.0.0.1:${port}`
    const status = async () => ((await (await fetch(`${backendUrl}/health`)).json()) as any).status as string
    await poll(async () => ((await fetch(`${backendUrl}/health`)).ok ? true : undefined), 60_000, output)

    // A client looping on keep-alive connections through every save below; each request
    // must get a 200 (a refused or reset connection counts as a failure).
    let looping = true
    const failures: string[] = []
    let answered = 0
    const client = (async () => {
      while (looping) {
        try {
          const res = await fetch(`${backendUrl}/health`)
          await res.text()
          if (res.ok) answered++
          else failures.push(`HTTP ${res.status}`)
        } catch (error: any) {
          failures.push(String(error.cause?.code ?? error.message))
        }
        await new Promise((r) => setTimeout(r, 10))
      }
    })()

    const file = path.join(dir, 'src/health/health.routes.ts')
    const source = fs.readFileSync(file, 'utf8')
    expect(source).toContain("({ status: 'ok' })")
    const withStatus = (value: string) => source.replace("({ status: 'ok' })", `({ status: '${value}' })`)
    // Half the saves replace the file the way tar (Tilt's sync) and atomic-saving editors do.
    const save = (text: string, atomic: boolean) => {
      if (!atomic) return fs.writeFileSync(file, text)
      fs.writeFileSync(`${file}.tmp`, text)
      fs.renameSync(`${file}.tmp`, file)
    }
    const times: number[] = []
    for (let i = 1; i <= 10; i++) {
      const saved = performance.now()
      save(withStatus(`save-${i}`), i % 2 === 0)
      await poll(async () => (await status()) === `save-${i}` || undefined, 60_000, output)
      times.push(Math.round(performance.now() - saved))
      await new Promise((r) => setTimeout(r, 500))
    }
    console.log(`backend reload: save → new code answering in ${times.join(', ')} ms`)

    // A save that does not build, then one whose server cannot start: the last good server
    // goes on answering, and the next good save is served.
    save(source.replace("({ status: 'ok' })", '({ status: '), false)
    await poll(async () => (/build failed; still serving/.test(output()) ? true : undefined), 30_000, output)
    save(`throw new Error('broken on purpose')\n${withStatus('never')}`, false)
    await poll(async () => (/did not start; still serving/.test(output()) ? true : undefined), 60_000, output)
    expect(await status()).toBe('save-10')
    save(withStatus('fixed'), true)
    await poll(async () => (await status()) === 'fixed' || undefined, 60_000, output)

    looping = false
    await client
    expect(failures, output()).toEqual([])
    expect(answered).toBeGreaterThan(100)
    backendOutput = output
  })

  it.skipIf(missingTools().length > 0)('frontend: Vite applies a saved component in Chromium without a page reload (time printed)', async () => {
    const dir = scratchCopy('frontend', ['src', 'public', 'index.html', 'package.json', 'tsconfig.json', 'vite.config.ts'])
    // The dev image has the input limits and the date words the frontend shares with the server (frontend/Dockerfile).
    for (const shared of ['limits.schema.ts', 'dates.format.ts']) fs.cpSync(path.join(repoRoot, 'backend/src', shared), path.join(dir, '../backend/src', shared))
    scratches.push(dir)
    const port = await freePort()
    const output = start(dir, devCommand('frontend/Dockerfile', String(port)), { BACKEND_URL: backendUrl })
    const url = `http://127.0.0.1:${port}`
    await poll(async () => ((await fetch(`${url}/health`)).ok ? true : undefined), 30_000, output)

    const profile = fs.mkdtempSync(path.join(path.dirname(dir), 'chromium-'))
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
    try {
      const page = context.pages()[0] ?? (await context.newPage())
      await page.goto(url)
      await page.getByText('Your tasks, and an assistant').waitFor({ timeout: 30_000 })
      await page.evaluate(() => ((globalThis as any).__notReloaded = true))

      const file = path.join(dir, 'src/components/AuthScreen.tsx')
      const source = fs.readFileSync(file, 'utf8')
      const saved = performance.now()
      fs.writeFileSync(file, source.replace('Your tasks, and an assistant', 'Hot reloaded: your tasks, and an assistant'))
      await page.getByText('Hot reloaded: your tasks').waitFor({ timeout: 30_000 })
      const ms = Math.round(performance.now() - saved)
      expect(await page.evaluate(() => (globalThis as any).__notReloaded)).toBe(true)
      console.log(`frontend HMR: save → update applied in Chromium in ${ms} ms (no page reload)`)
    } finally {
      await context.close()
    }
  })

  // Last: the frontend's test above uses this backend.
  it('backend: SIGTERM to the dev supervisor alone (as Kubernetes sends it) stops every server it started', async () => {
    expect(supervisor, 'the reload test started the supervisor').toBeDefined()
    const pid = supervisor!.pid!
    const exited = new Promise((r) => supervisor!.once('exit', r))
    process.kill(pid, 'SIGTERM')
    await exited
    await poll(async () => (groupAlive(pid) ? undefined : true), 15_000, () => `processes left in the group\n${backendOutput()}`)
  })
})
