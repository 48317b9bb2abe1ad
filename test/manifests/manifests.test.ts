// Static proof that the manifests are valid, hardened and consistent, without a cluster.
//
// Longer than the 300-line guideline on purpose: every check reads the same renders of each
// kustomization, the postgres overlay and the chart, made once at the top (kubectl and helm
// runs); the overlays' own checks at the end compare against those same renders.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../backend/src/app.js'
import { repoRoot } from '../harness/launch.js'
import { byKind, CHART, KUSTOMIZATIONS, podTemplates, render, renderChart, renderPostgres, TEST_POSTGRES_PASSWORD, type K8sObject } from './render.js'
import { runtimeErrors, typeErrors } from './schema.js'

// The Helm chart's default rendering goes through the same checks as the kustomizations.
const rendered = {
  ...Object.fromEntries(KUSTOMIZATIONS.map((dir) => [dir, render(dir)])),
  [CHART]: renderChart(),
} as Record<string, K8sObject[]>
const POSTGRES = 'k8s/overlays/postgres'
rendered[POSTGRES] = renderPostgres()
const local = rendered['k8s/overlays/local']!
const postgres = rendered[POSTGRES]!
const base = rendered['k8s/base']!

/** Kinds whose apiVersion exists in Kubernetes 1.20 (k8s-sandbox) and in every release since. */
const PORTABLE_APIS = new Set([
  'v1/Namespace',
  'v1/ServiceAccount',
  'v1/Service',
  'v1/ConfigMap',
  'v1/Secret',
  'v1/PersistentVolumeClaim',
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'networking.k8s.io/v1/NetworkPolicy',
])

describe.each([...KUSTOMIZATIONS, POSTGRES, CHART])('the rendering of %s', (dir) => {
  const objects = rendered[dir]!

  it('renders the whole app', () => {
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Deployment/todo-chatbot-backend',
        'Deployment/todo-chatbot-frontend',
        'Namespace/todo-chatbot',
        dir === POSTGRES ? 'StatefulSet/todo-chatbot-postgres' : 'PersistentVolumeClaim/todo-chatbot-data',
        'Service/todo-chatbot-backend',
        'Service/todo-chatbot-frontend',
        'NetworkPolicy/todo-chatbot-backend',
      ]),
    )
    for (const o of objects.filter((o) => o.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('todo-chatbot')
  })

  it('uses only APIs that Kubernetes 1.20 and 1.28+ both serve', () => {
    for (const o of objects) expect(PORTABLE_APIS, `${o.apiVersion}/${o.kind}`).toContain(`${o.apiVersion}/${o.kind}`)
  })

  it('passes the Kubernetes API schema: types, required fields, enums, formats', async () => {
    const errors = (await Promise.all(objects.map(runtimeErrors))).filter(Boolean)
    expect(errors).toEqual([])
  })

  it('has no field the Kubernetes API does not define, and no wrong type', () => {
    expect(typeErrors(objects)).toEqual([])
  })
})

describe('the schema checks themselves', () => {
  const deployment = () => structuredClone(byKind(local, 'Deployment')[0]!)

  it('reject an unknown field', () => {
    const bad = deployment()
    bad.spec.template.spec.containers[0].imagePullPolicyy = 'Never'
    expect(typeErrors([bad]).join('\n')).toMatch(/imagePullPolicyy/)
  })

  it('reject a wrong type', async () => {
    const bad = deployment()
    bad.spec.replicas = 'two'
    expect(await runtimeErrors(bad)).toMatch(/replicas/)
    expect(typeErrors([bad]).join('\n')).toMatch(/string.*number|number/)
  })
})

describe('Pod Security Standard "restricted" and hardening, for every pod', () => {
  const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']

  it.each(
    [
      ...podTemplates(local),
      ...podTemplates(postgres).map((p) => ({ ...p, name: `${p.name} (postgres overlay)` })),
      ...podTemplates(rendered[CHART]!).map((p) => ({ ...p, name: `${p.name} (chart)` })),
    ].map((p) => [p.name, p.template]),
  )('%s', (_name, template) => {
    const pod = template.spec
    expect(pod.hostNetwork ?? false).toBe(false)
    expect(pod.hostPID ?? false).toBe(false)
    expect(pod.hostIPC ?? false).toBe(false)
    expect(pod.automountServiceAccountToken).toBe(false)
    expect(pod.securityContext.runAsNonRoot).toBe(true)
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0)
    expect(pod.securityContext.seccompProfile.type).toBe('RuntimeDefault')
    for (const volume of pod.volumes ?? []) {
      const type = Object.keys(volume).find((k) => k !== 'name')!
      expect(ALLOWED_VOLUMES, `volume ${volume.name}`).toContain(type)
    }
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const sc = c.securityContext
      expect(sc.allowPrivilegeEscalation, c.name).toBe(false)
      expect(sc.privileged ?? false).toBe(false)
      expect(sc.readOnlyRootFilesystem, c.name).toBe(true)
      expect(sc.capabilities.drop).toEqual(['ALL'])
      expect(sc.capabilities.add ?? []).toEqual([])
      expect(sc.runAsUser ?? pod.securityContext.runAsUser).not.toBe(0)
      for (const port of c.ports ?? []) expect(port.hostPort).toBeUndefined()
      // Requests, limits and the three probes on every container.
      for (const kind of ['requests', 'limits']) {
        expect(c.resources[kind].cpu, `${c.name} ${kind}.cpu`).toBeDefined()
        expect(c.resources[kind].memory, `${c.name} ${kind}.memory`).toBeDefined()
      }
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(c[probe], `${c.name} ${probe}`).toBeDefined()
    }
  })

  it('labels the namespace to enforce the restricted profile', () => {
    const ns = byKind(local, 'Namespace')[0]!
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted')
  })
})

describe('consistency', () => {
  const deployments = byKind(local, 'Deployment')

  it.each(byKind(local, 'Service').map((s) => [s.metadata.name, s]))(
    'Service %s selects exactly its Deployment’s pods and targets a declared port',
    (_name, service) => {
      const selector: Record<string, string> = service.spec.selector
      const matches = deployments.filter((d) =>
        Object.entries(selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      )
      expect(matches.map((d) => d.metadata.name)).toEqual([service.metadata.name])
      // The selector is the Deployment's own selector, set once.
      expect(selector).toEqual(matches[0]!.spec.selector.matchLabels)
      const ports = matches[0]!.spec.template.spec.containers.flatMap((c: any) => c.ports ?? [])
      for (const p of service.spec.ports) {
        const target = p.targetPort
        expect(ports.some((cp: any) => cp.name === target || cp.containerPort === target), `targetPort ${target}`).toBe(true)
      }
    },
  )

  it('every ConfigMap and Secret an env refers to exists, or is marked optional', () => {
    const configMaps = new Map(byKind(local, 'ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]))
    const secrets = new Map(byKind(local, 'Secret').map((s) => [s.metadata.name, s.data ?? {}]))
    const refs: string[] = []
    for (const { template } of podTemplates(local)) {
      for (const c of template.spec.containers) {
        for (const from of c.envFrom ?? []) {
          const ref = from.configMapRef ?? from.secretRef
          const store = from.configMapRef ? configMaps : secrets
          refs.push(ref.name)
          if (!ref.optional) expect(store.has(ref.name), `envFrom ${ref.name}`).toBe(true)
        }
        for (const env of c.env ?? []) {
          const ref = env.valueFrom?.configMapKeyRef ?? env.valueFrom?.secretKeyRef
          if (!ref || ref.optional) continue
          const store = env.valueFrom.configMapKeyRef ? configMaps : secrets
          expect(store.get(ref.name)?.[ref.key], `${env.name} from ${ref.name}/${ref.key}`).toBeDefined()
          refs.push(ref.name)
        }
      }
    }
    expect(refs.length).toBeGreaterThan(0)
    // The secret is optional, so a fresh clone deploys without creating it.
    expect(secrets.size).toBe(0)
  })

  it('every probe path the manifests use is answered 200 by the app (backend) or nginx (frontend)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-probes-'))
    const app = await buildApp({ database: { kind: 'sqlite', path: path.join(dir, 'todo.db') }, corsOrigins: [] })
    const nginx = fs.readFileSync(path.join(repoRoot, 'frontend/nginx/default.conf.template'), 'utf8')
    try {
      for (const { name, template } of podTemplates(local)) {
        const container = template.spec.containers[0]
        const paths = ['startupProbe', 'readinessProbe', 'livenessProbe'].map((p) => container[p].httpGet.path as string)
        for (const probePath of new Set(paths)) {
          if (name.endsWith('backend')) expect((await app.inject(probePath)).statusCode, probePath).toBe(200)
          else expect(nginx, probePath).toContain(`location = ${probePath} {`)
        }
      }
    } finally {
      await app.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the images are the ones the Dockerfiles build and scripts/deploy.sh tags', () => {
    const images = deployments.map((d) => d.spec.template.spec.containers[0].image).sort()
    expect(images).toEqual(['todo-chatbot-backend:local', 'todo-chatbot-frontend:local'])
    const deploy = fs.readFileSync(path.join(repoRoot, 'scripts/deploy.sh'), 'utf8')
    for (const image of images) {
      const [name] = image.split(':')
      const component = name!.replace('todo-chatbot-', '')
      expect(fs.existsSync(path.join(repoRoot, component, 'Dockerfile')), `${component}/Dockerfile`).toBe(true)
      expect(deploy).toContain(name)
    }
    expect(deploy).toMatch(/TAG=\$\{TAG:-local\}/)
  })
})

describe('the local overlay', () => {
  /** Every leaf that differs between two objects, as a path like spec.ports.0.nodePort. */
  function diff(a: unknown, b: unknown, at = ''): string[] {
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b ? [] : [at]
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].flatMap((k) => diff((a as any)[k], (b as any)[k], at ? `${at}.${k}` : k))
  }

  // What Minikube needs, and nothing else: image tags and pull policy, the NodePort, the
  // storage class.
  const ALLOWED = [
    /^Deployment\/[\w-]+:spec\.template\.spec\.containers\.0\.(image|imagePullPolicy)$/,
    /^Service\/todo-chatbot-frontend:spec\.(type|ports\.0\.nodePort)$/,
    /^PersistentVolumeClaim\/todo-chatbot-data:spec\.storageClassName$/,
  ]

  it('changes only the fields Minikube needs', () => {
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`
    const baseByKey = new Map(base.map((o) => [key(o), o]))
    expect(local.map(key).sort()).toEqual(base.map(key).sort())
    const changes = local.flatMap((o) => diff(baseByKey.get(key(o)), o).map((p) => `${key(o)}:${p}`))
    expect(changes.filter((c) => !ALLOWED.some((re) => re.test(c)))).toEqual([])
    expect(changes.length).toBeGreaterThan(0)
  })

  it('is what the root kustomization deploys', () => {
    expect(rendered['.']).toEqual(local)
  })
})

describe('the postgres overlay', () => {
  const find = (kind: string, name: string) => postgres.find((o) => o.kind === kind && o.metadata.name === name)!
  const backend = () => find('Deployment', 'todo-chatbot-backend')
  const secretName = () => byKind(postgres, 'Secret').find((s) => s.metadata.name.startsWith('todo-chatbot-postgres-'))!.metadata.name

  it('runs PostgreSQL 15 as a one-pod StatefulSet on its own claim, as uid 999, PGDATA below the mount, pg_isready probes', () => {
    const db = find('StatefulSet', 'todo-chatbot-postgres')
    expect(db.spec.replicas).toBe(1)
    expect(db.spec.serviceName).toBe('todo-chatbot-postgres')
    const pod = db.spec.template.spec
    const c = pod.containers[0]
    expect(c.image).toBe('postgres:15-bookworm')
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999 })
    const mount = c.volumeMounts.find((m: any) => m.name === 'data').mountPath
    const pgdata = c.env.find((e: any) => e.name === 'PGDATA').value
    expect(pgdata.startsWith(`${mount}/`)).toBe(true)
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(c[probe].exec.command[0]).toBe('pg_isready')
    const claim = db.spec.volumeClaimTemplates[0]
    expect(claim.metadata.name).toBe('data')
    expect(claim.spec).toMatchObject({ accessModes: ['ReadWriteOnce'], storageClassName: 'standard' })
    // The password from the generated Secret, the same one the backend's URL carries.
    expect(c.env.find((e: any) => e.name === 'POSTGRES_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: secretName(), key: 'POSTGRES_PASSWORD' })
  })

  it('reaches it through a headless Service, and lets only the backend pods in, on 5432', () => {
    const service = find('Service', 'todo-chatbot-postgres')
    expect(service.spec.clusterIP).toBe('None')
    expect(service.spec.selector).toEqual(find('StatefulSet', 'todo-chatbot-postgres').spec.selector.matchLabels)
    const policy = find('NetworkPolicy', 'todo-chatbot-postgres')
    expect(policy.spec.podSelector.matchLabels).toEqual(service.spec.selector)
    expect(policy.spec.policyTypes).toEqual(['Ingress'])
    expect(policy.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: backend().spec.selector.matchLabels } }], ports: [{ port: 5432, protocol: 'TCP' }] },
    ])
  })

  it('runs 3 backend replicas with DATABASE_URL from the Secret, no SQLite volume and nothing pinning them to a node', () => {
    expect(backend().spec.replicas).toBe(3)
    const pod = backend().spec.template.spec
    expect(byKind(postgres, 'PersistentVolumeClaim')).toEqual([])
    expect(JSON.stringify(pod)).not.toContain('persistentVolumeClaim')
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }])
    expect(pod.affinity).toBeUndefined()
    expect(pod.nodeSelector).toBeUndefined()
    expect(pod.containers[0].env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: secretName(), key: 'DATABASE_URL' } } })
    const secret = find('Secret', secretName())
    expect(Buffer.from(secret.data!.DATABASE_URL!, 'base64').toString()).toBe(
      `postgres://todo:${TEST_POSTGRES_PASSWORD}@todo-chatbot-postgres:5432/todo`,
    )
  })

  it('keeps the password out of git: postgres.env is ignored, and nothing committed holds one', () => {
    const ignored = spawnSync('git', ['check-ignore', '-q', 'k8s/overlays/postgres/postgres.env'], { cwd: repoRoot })
    expect(ignored.status).toBe(0)
    const tracked = spawnSync('git', ['ls-files', 'k8s'], { cwd: repoRoot, encoding: 'utf8' }).stdout
    expect(tracked).not.toContain('postgres.env')
  })

  it('changes nothing else of the local overlay', () => {
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`
    const normalize = (o: K8sObject) => JSON.parse(JSON.stringify(o).replace(/todo-chatbot-config-[a-z0-9]{10}/g, 'todo-chatbot-config'))
    const byKey = new Map(postgres.map((o) => [key(o), normalize(o)]))
    for (const o of local.filter((o) => !['Deployment/todo-chatbot-backend', 'PersistentVolumeClaim/todo-chatbot-data'].includes(key(o)))) {
      expect(byKey.get(key(o)), key(o)).toEqual(normalize(o))
    }
  })
})
