// The Helm chart against the Kustomize manifests: with default values `helm template`
// renders the same objects as `kubectl kustomize k8s/overlays/local`, field for field, once
// the differences that are each tool's own are set aside (the manager label, the chart
// label, kustomize's hash suffix on the ConfigMap and Helm's checksum annotation that does
// the same job, Helm's keep policies). So the two cannot drift. The schema, lint and the
// values people change are checked too. (The manifest suite runs its schema and
// restricted-profile checks on the chart's output as well: test/manifests.)
import { execFileSync, spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../harness/launch.js'
import { byKind, CHART, helm, render, renderChart, type K8sObject } from '../manifests/render.js'

const OWN_LABELS = ['app.kubernetes.io/managed-by', 'helm.sh/chart']
const OWN_ANNOTATIONS = ['checksum/config', 'helm.sh/resource-policy']

function strip(meta: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined) {
  if (!meta) return
  for (const l of OWN_LABELS) delete meta.labels?.[l]
  for (const a of OWN_ANNOTATIONS) delete meta.annotations?.[a]
  if (meta.annotations && Object.keys(meta.annotations).length === 0) delete meta.annotations
}

/** An object with each tool's own marks removed, and the ConfigMap called by its base name. */
function normalize(object: K8sObject): K8sObject {
  const o = JSON.parse(JSON.stringify(object).replace(/todo-chatbot-config-[a-z0-9]{10}/g, 'todo-chatbot-config'))
  strip(o.metadata)
  strip(o.spec?.template?.metadata)
  return o
}

const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`
const index = (objects: K8sObject[]) => Object.fromEntries(objects.map(normalize).map((o) => [key(o), o]))

describe('the Helm chart', () => {
  it('passes helm lint --strict', () => {
    const out = execFileSync(helm(), ['lint', '--strict', path.join(repoRoot, CHART)], { encoding: 'utf8' })
    expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/)
  })

  it('renders, with default values, the same objects as kubectl kustomize k8s/overlays/local, field for field', () => {
    const chart = index(renderChart())
    const kustomize = index(render('k8s/overlays/local'))
    expect(Object.keys(chart).sort()).toEqual(Object.keys(kustomize).sort())
    for (const name of Object.keys(kustomize)) expect(chart[name], name).toEqual(kustomize[name])
    console.log(`parity: ${Object.keys(chart).length} objects, identical after normalisation`)
  })

  it('the parity check notices a difference', () => {
    const chart = index(renderChart(['backend.resources.limits.memory=1Gi']))
    const kustomize = index(render('k8s/overlays/local'))
    expect(chart['Deployment/todo-chatbot/todo-chatbot-backend']).not.toEqual(kustomize['Deployment/todo-chatbot/todo-chatbot-backend'])
  })

  it('keeps the volume on uninstall, and takes the values people change', () => {
    const pvc = byKind(renderChart(), 'PersistentVolumeClaim')[0]!
    expect(pvc.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep')
    const custom = renderChart([
      'backend.replicas=3',
      'backend.image.repository=registry.example.com/todo-backend',
      'backend.image.tag=1.2.3',
      'backend.image.pullPolicy=IfNotPresent',
      'service.type=ClusterIP',
      'storage.storageClassName=fast',
      'storage.size=5Gi',
      'config.databaseUrl=postgres://todo:pw@db:5432/todo',
      'secret.name=my-secret',
      'backend.extraEnv[0].name=OPENAI_MODEL',
      'backend.extraEnv[0].value=llama3.2',
    ])
    const backend = byKind(custom, 'Deployment').find((d) => d.metadata.name === 'todo-chatbot-backend')!
    const container = backend.spec.template.spec.containers[0]
    expect(backend.spec.replicas).toBe(3)
    expect(container.image).toBe('registry.example.com/todo-backend:1.2.3')
    expect(container.imagePullPolicy).toBe('IfNotPresent')
    expect(container.envFrom[1].secretRef).toEqual({ name: 'my-secret', optional: true })
    expect(container.env).toEqual([{ name: 'OPENAI_MODEL', value: 'llama3.2' }])
    const service = byKind(custom, 'Service').find((s) => s.metadata.name === 'todo-chatbot-frontend')!
    expect(service.spec.type).toBe('ClusterIP')
    expect(service.spec.ports[0].nodePort).toBeUndefined()
    expect(byKind(custom, 'PersistentVolumeClaim')[0]!.spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } })
    expect(byKind(custom, 'ConfigMap')[0]!.data!.DATABASE_URL).toBe('postgres://todo:pw@db:5432/todo')
    // A created Secret only when asked.
    expect(byKind(custom, 'Secret')).toEqual([])
    const withSecret = renderChart(['secret.create=true', 'secret.stringData.OPENAI_API_KEY=sk-test'])
    expect(byKind(withSecret, 'Secret')[0]!.stringData).toEqual({ OPENAI_API_KEY: 'sk-test' })
  })

  it.each([
    ['backend.replicas=-1', /backend\.replicas.*greater than or equal to 0/],
    ['service.nodePort=80', /service\.nodePort.*greater than or equal to 30000/],
    ['service.type=Ingress', /service\.type/],
    ['backend.image.pullPolicy=Sometimes', /pullPolicy/],
    ['storage.size=lots', /storage\.size/],
    ['config.logLevel=loud', /config\.logLevel/],
    ['config.databaseUrl=mysql://x', /config\.databaseUrl/],
    ['replicas=2', /Additional property replicas is not allowed/],
  ])('rejects --set %s with a message naming the value', (set, message) => {
    const result = spawnSync(helm(), ['template', 'todo-chatbot', path.join(repoRoot, CHART), '--set', set], { encoding: 'utf8' })
    expect(result.status).not.toBe(0)
    expect(result.stderr).toMatch(message)
  })
})
