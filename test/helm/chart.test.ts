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
import { byKind, CHART, helm, render, renderChart, renderPostgres, type K8sObject } from '../manifests/render.js'
import { runtimeErrors, typeErrors } from '../manifests/schema.js'

const OWN_LABELS = ['app.kubernetes.io/managed-by', 'helm.sh/chart']
const OWN_ANNOTATIONS = ['checksum/config', 'helm.sh/resource-policy']

function strip(meta: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined) {
  if (!meta) return
  for (const l of OWN_LABELS) delete meta.labels?.[l]
  for (const a of OWN_ANNOTATIONS) delete meta.annotations?.[a]
  if (meta.annotations && Object.keys(meta.annotations).length === 0) delete meta.annotations
}

/**
 * The chart's one deliberate difference, undone: it keeps DATABASE_URL in Secret
 * todo-chatbot-database (a PostgreSQL URL holds a password) where the kustomizations keep
 * their SQLite path in the ConfigMap, which their optional Secret can override. Folding the
 * Secret's value back into the ConfigMap must give the kustomizations' objects.
 */
function foldDatabaseSecret(objects: K8sObject[]): K8sObject[] {
  const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'todo-chatbot-database')
  if (!secret) return objects
  return structuredClone(objects.filter((o) => o !== secret)).map((o) => {
    if (o.kind === 'ConfigMap') o.data = { ...o.data, DATABASE_URL: secret.stringData.DATABASE_URL }
    if (o.kind === 'Deployment') {
      for (const c of o.spec.template.spec.containers) {
        c.env = c.env?.filter((e: any) => e.valueFrom?.secretKeyRef?.name !== 'todo-chatbot-database')
        if (c.env?.length === 0) delete c.env
      }
    }
    return o
  })
}

/** An object with each tool's own marks removed, and the ConfigMap called by its base name. */
function normalize(object: K8sObject): K8sObject {
  const o = JSON.parse(JSON.stringify(object).replace(/todo-chatbot-config-[a-z0-9]{10}/g, 'todo-chatbot-config'))
  strip(o.metadata)
  strip(o.spec?.template?.metadata)
  return o
}

const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`
const index = (objects: K8sObject[]) => Object.fromEntries(foldDatabaseSecret(objects).map(normalize).map((o) => [key(o), o]))
const deployment = (objects: K8sObject[], name: string) => byKind(objects, 'Deployment').find((d) => d.metadata.name === `todo-chatbot-${name}`)!
const container = (objects: K8sObject[], name: string) => deployment(objects, name).spec.template.spec.containers[0]
const envOf = (objects: K8sObject[], name: string, variable: string) => container(objects, name).env?.find((e: any) => e.name === variable)

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
    const backend = deployment(custom, 'backend')
    const backendContainer = backend.spec.template.spec.containers[0]
    expect(backend.spec.replicas).toBe(3)
    expect(backendContainer.image).toBe('registry.example.com/todo-backend:1.2.3')
    expect(backendContainer.imagePullPolicy).toBe('IfNotPresent')
    expect(backendContainer.envFrom[1].secretRef).toEqual({ name: 'my-secret', optional: true })
    expect(backendContainer.env).toContainEqual({ name: 'OPENAI_MODEL', value: 'llama3.2' })
    const service = byKind(custom, 'Service').find((s) => s.metadata.name === 'todo-chatbot-frontend')!
    expect(service.spec.type).toBe('ClusterIP')
    expect(service.spec.ports[0].nodePort).toBeUndefined()
    expect(byKind(custom, 'PersistentVolumeClaim')[0]!.spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } })
    // A created todo-chatbot-secret only when asked.
    expect(byKind(custom, 'Secret').map((s) => s.metadata.name)).toEqual(['todo-chatbot-database'])
    const withSecret = renderChart(['secret.create=true', 'secret.stringData.OPENAI_API_KEY=sk-test'])
    expect(byKind(withSecret, 'Secret').find((s) => s.metadata.name === 'todo-chatbot-secret')!.stringData).toEqual({ OPENAI_API_KEY: 'sk-test' })
  })

  it('puts DATABASE_URL, password included, in a Secret and in no ConfigMap', () => {
    const objects = renderChart(['config.databaseUrl=postgres://todo:s3cret-pw@db:5432/todo'])
    for (const configMap of byKind(objects, 'ConfigMap')) {
      expect(JSON.stringify(configMap)).not.toContain('s3cret-pw')
      expect(configMap.data).not.toHaveProperty('DATABASE_URL')
    }
    const secret = byKind(objects, 'Secret').find((s) => s.metadata.name === 'todo-chatbot-database')!
    expect(secret.stringData).toEqual({ DATABASE_URL: 'postgres://todo:s3cret-pw@db:5432/todo' })
    expect(envOf(objects, 'backend', 'DATABASE_URL')).toEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'todo-chatbot-database', key: 'DATABASE_URL' } },
    })
    // A new URL rolls the pods, as a ConfigMap change does.
    const checksum = (o: K8sObject[]) => deployment(o, 'backend').spec.template.metadata.annotations['checksum/config']
    expect(checksum(objects)).not.toBe(checksum(renderChart()))
  })

  it('keeps the SQLite default working: the path in the same Secret, the volume mounted there', () => {
    const objects = renderChart()
    const secret = byKind(objects, 'Secret').find((s) => s.metadata.name === 'todo-chatbot-database')!
    expect(secret.stringData.DATABASE_URL).toBe('sqlite:////app/data/todo.db')
    expect(container(objects, 'backend').volumeMounts).toContainEqual({ name: 'data', mountPath: '/app/data' })
  })

  it('reads DATABASE_URL from an existing Secret when database.existingSecret names one', () => {
    const objects = renderChart(['database.existingSecret=todo-db', 'database.existingSecretKey=url', 'config.databaseUrl=postgres://todo:s3cret-pw@db/todo'])
    expect(envOf(objects, 'backend', 'DATABASE_URL')).toEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'todo-db', key: 'url' } } })
    expect(byKind(objects, 'Secret')).toEqual([])
    expect(JSON.stringify(objects)).not.toContain('s3cret-pw')
    // The key defaults to DATABASE_URL.
    const byDefault = renderChart(['database.existingSecret=todo-db'])
    expect(envOf(byDefault, 'backend', 'DATABASE_URL').valueFrom.secretKeyRef).toEqual({ name: 'todo-db', key: 'DATABASE_URL' })
  })

  it('tells the backend to believe one proxy hop (nginx), and passes frontend.trustedProxies to nginx', () => {
    const objects = renderChart(['frontend.trustedProxies=10.244.0.0/16 192.0.2.1'])
    expect(byKind(objects, 'ConfigMap')[0]!.data!.TRUST_PROXY).toBe('1')
    expect(envOf(objects, 'frontend', 'TRUSTED_PROXIES')).toEqual({ name: 'TRUSTED_PROXIES', value: '10.244.0.0/16 192.0.2.1' })
    expect(envOf(renderChart(), 'frontend', 'TRUSTED_PROXIES')).toEqual({ name: 'TRUSTED_PROXIES', value: '' })
  })

  it('annotates the backend pods for Prometheus to scrape /metrics on 8001, in the chart and the kustomizations alike', () => {
    const scrape = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8001', 'prometheus.io/path': '/metrics' }
    expect(deployment(renderChart(), 'backend').spec.template.metadata.annotations).toMatchObject(scrape)
    expect(deployment(render('k8s/overlays/local'), 'backend').spec.template.metadata.annotations).toMatchObject(scrape)
    // The port annotated is the one the container serves on.
    expect(container(renderChart(), 'backend').ports).toContainEqual({ name: 'http', containerPort: 8001, protocol: 'TCP' })
    // The frontend (nginx) has no /metrics: not annotated.
    expect(deployment(renderChart(), 'frontend').spec.template.metadata.annotations?.['prometheus.io/scrape']).toBeUndefined()
  })

  it('renders a ServiceMonitor only when the cluster serves monitoring.coreos.com/v1 (the Prometheus Operator)', () => {
    expect(byKind(renderChart(), 'ServiceMonitor')).toEqual([])
    const objects = renderChart([], ['--api-versions', 'monitoring.coreos.com/v1'])
    const monitors = byKind(objects, 'ServiceMonitor')
    expect(monitors).toHaveLength(1)
    const monitor = monitors[0]!
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1')
    expect(monitor.metadata).toMatchObject({ name: 'todo-chatbot-backend', namespace: 'todo-chatbot' })
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['todo-chatbot'] })
    expect(monitor.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }])
    // It selects the backend's Service (and only it), on a port that Service names.
    const services = byKind(objects, 'Service')
    const selected = services.filter((svc) =>
      Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => svc.metadata.labels?.[k] === v),
    )
    expect(selected.map((svc) => svc.metadata.name)).toEqual(['todo-chatbot-backend'])
    expect(selected[0]!.spec.ports.map((p: { name: string }) => p.name)).toContain('http')
  })

  it('renders no Ingress by default, and a valid networking.k8s.io/v1 Ingress when enabled', async () => {
    expect(byKind(renderChart(), 'Ingress')).toEqual([])
    const objects = renderChart(['ingress.enabled=true', 'ingress.className=nginx', 'ingress.host=todo.example', 'ingress.tls.secretName=todo-tls'])
    const ingress = byKind(objects, 'Ingress')
    expect(ingress).toHaveLength(1)
    expect(ingress[0]!.apiVersion).toBe('networking.k8s.io/v1')
    expect(ingress[0]!.metadata.namespace).toBe('todo-chatbot')
    expect(ingress[0]!.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['todo.example'], secretName: 'todo-tls' }],
      rules: [
        {
          host: 'todo.example',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'todo-chatbot-frontend', port: { name: 'http' } } } }] },
        },
      ],
    })
    expect(await runtimeErrors(ingress[0]!)).toBeUndefined()
    expect(typeErrors(ingress)).toEqual([])
    // Without a TLS secret, a plain HTTP Ingress.
    const plain = byKind(renderChart(['ingress.enabled=true', 'ingress.host=todo.example']), 'Ingress')[0]!
    expect(plain.spec.tls).toBeUndefined()
    expect(plain.spec.ingressClassName).toBeUndefined()
  })

  it.each([
    ['frontend.trustedProxies=10.0.0.0/8;evil', /frontend\.trustedProxies/],
    ['config.trustProxy=everyone', /config\.trustProxy/],
    ['ingress.enabled=yes', /ingress\.enabled/],
    ['ingress.host=Not_A_Host', /ingress\.host/],
    ['database.existingSecret=Bad_Name', /database\.existingSecret/],
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

  describe('with postgresql.enabled', () => {
    const objects = renderChart(['postgresql.enabled=true'])
    const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)
    const decoded = (secret: K8sObject, k: string) => Buffer.from(secret.data![k]!, 'base64').toString()

    it('renders PostgreSQL 15 (StatefulSet on its own claim, headless Service, NetworkPolicy, Secret) and points the backend at it', () => {
      const db = find('StatefulSet', 'todo-chatbot-postgres')!
      expect(db.spec.template.spec.containers[0].image).toBe('postgres:15-bookworm')
      expect(db.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, fsGroup: 999 })
      expect(db.spec.volumeClaimTemplates[0].spec).toMatchObject({ accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } })
      expect(find('Service', 'todo-chatbot-postgres')!.spec.clusterIP).toBe('None')
      expect(find('NetworkPolicy', 'todo-chatbot-postgres')!.spec.ingress[0].from).toEqual([
        { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'todo-chatbot', 'app.kubernetes.io/name': 'todo-chatbot-backend' } } },
      ])
      const secret = find('Secret', 'todo-chatbot-postgres')!
      const password = decoded(secret, 'POSTGRES_PASSWORD')
      expect(password).toMatch(/^[A-Za-z0-9]{32}$/)
      expect(decoded(secret, 'DATABASE_URL')).toBe(`postgres://todo:${password}@todo-chatbot-postgres:5432/todo`)
      expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep')
      expect(envOf(objects, 'backend', 'DATABASE_URL').valueFrom.secretKeyRef).toEqual({ name: 'todo-chatbot-postgres', key: 'DATABASE_URL' })
      // No SQLite: no URL Secret of its own, no claim, no volume, so nothing pins the pods to a node.
      expect(find('Secret', 'todo-chatbot-database')).toBeUndefined()
      expect(byKind(objects, 'PersistentVolumeClaim')).toEqual([])
      const pod = deployment(objects, 'backend').spec.template.spec
      expect(JSON.stringify(pod)).not.toContain('persistentVolumeClaim')
      expect(pod.affinity).toBeUndefined()
      expect(pod.nodeSelector).toBeUndefined()
      expect(deployment(objects, 'backend').spec.replicas).toBe(3)
      // backend.replicas still wins; the default without PostgreSQL stays 2.
      expect(deployment(renderChart(['postgresql.enabled=true', 'backend.replicas=5']), 'backend').spec.replicas).toBe(5)
      expect(deployment(renderChart(), 'backend').spec.replicas).toBe(2)
    })

    it('passes the Kubernetes API schema, PDB and HPA included', async () => {
      const all = renderChart(['postgresql.enabled=true', 'autoscaling.enabled=true'])
      expect((await Promise.all(all.map(runtimeErrors))).filter(Boolean)).toEqual([])
      expect(typeErrors(all)).toEqual([])
    })

    it('reads the password and URL from postgresql.existingSecret when set, and makes no Secret', () => {
      const own = renderChart(['postgresql.enabled=true', 'postgresql.existingSecret=my-pg'])
      expect(byKind(own, 'Secret')).toEqual([])
      expect(envOf(own, 'backend', 'DATABASE_URL').valueFrom.secretKeyRef).toEqual({ name: 'my-pg', key: 'DATABASE_URL' })
      const db = own.find((o) => o.kind === 'StatefulSet')!
      expect(db.spec.template.spec.containers[0].env).toContainEqual({ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'my-pg', key: 'POSTGRES_PASSWORD' } } })
    })

    it('renders the same objects as kubectl kustomize k8s/overlays/postgres, once each tool\'s own parts are set aside', () => {
      // Set aside, besides what the default parity sets aside: the generated password (random
      // in both), the Secret's hash suffix, the ConfigMap's SQLite path that the kustomization
      // inherits from base and overrides with the Secret's URL, the volumeClaimTemplate's
      // manager label, and the chart's PodDisruptionBudget: Kustomize cannot pick its API
      // version by cluster (policy/v1beta1 for 1.20, policy/v1 from 1.25), so the overlay has none.
      const prepare = (list: K8sObject[]) =>
        structuredClone(list)
          .filter((o) => o.kind !== 'PodDisruptionBudget')
          .map((o) => {
            const out = JSON.parse(JSON.stringify(o).replace(/todo-chatbot-postgres-[a-z0-9]{10}/g, 'todo-chatbot-postgres')) as K8sObject
            if (out.kind === 'Secret' && out.metadata.name === 'todo-chatbot-postgres') {
              out.data = Object.fromEntries(Object.keys(out.data!).map((k) => [k, '(generated)']))
              delete out.type
            }
            if (out.kind === 'ConfigMap') delete out.data!.DATABASE_URL
            for (const claim of out.spec?.volumeClaimTemplates ?? []) strip(claim.metadata)
            return out
          })
      const chart = index(prepare(objects))
      const kustomize = index(prepare(renderPostgres()))
      expect(Object.keys(chart).sort()).toEqual(Object.keys(kustomize).sort())
      for (const name of Object.keys(kustomize)) expect(chart[name], name).toEqual(kustomize[name])
      expect(Object.keys(chart)).toContain('StatefulSet/todo-chatbot/todo-chatbot-postgres')
      console.log(`postgres parity: ${Object.keys(chart).length} objects, identical after normalisation`)
      // And it notices a difference.
      const bigger = index(prepare(renderChart(['postgresql.enabled=true', 'postgresql.storage.size=2Gi'])))
      expect(bigger['StatefulSet/todo-chatbot/todo-chatbot-postgres']).not.toEqual(kustomize['StatefulSet/todo-chatbot/todo-chatbot-postgres'])
    })
  })

  describe('PodDisruptionBudget', () => {
    const pdb = (set: string[], flags: string[] = []) => byKind(renderChart(set, flags), 'PodDisruptionBudget')

    it('renders none on SQLite (every pod needs the one node holding the volume) or with one replica', () => {
      expect(pdb([])).toEqual([])
      expect(pdb(['backend.replicas=3'])).toEqual([])
      expect(pdb(['postgresql.enabled=true', 'backend.replicas=1'])).toEqual([])
    })

    it('limits evictions of the backend to one pod with PostgreSQL in the chart or outside', () => {
      const [budget] = pdb(['postgresql.enabled=true'])
      expect(budget!.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: deployment(renderChart(), 'backend').spec.selector.matchLabels } })
      expect(pdb(['config.databaseUrl=postgres://todo:pw@db:5432/todo'])).toHaveLength(1)
      expect(pdb(['database.existingSecret=todo-db'])).toHaveLength(1)
    })

    it('uses policy/v1 where the cluster serves it, policy/v1beta1 on Kubernetes 1.20', () => {
      expect(pdb(['postgresql.enabled=true'])[0]!.apiVersion).toBe('policy/v1')
      expect(pdb(['postgresql.enabled=true'], ['--kube-version', '1.20.0'])[0]!.apiVersion).toBe('policy/v1beta1')
      expect(pdb(['postgresql.enabled=true'], ['--kube-version', '1.20.0', '--api-versions', 'policy/v1/PodDisruptionBudget'])[0]!.apiVersion).toBe('policy/v1')
    })
  })

  describe('HorizontalPodAutoscaler', () => {
    it('renders none unless autoscaling.enabled', () => {
      expect(byKind(renderChart(['postgresql.enabled=true']), 'HorizontalPodAutoscaler')).toEqual([])
    })

    it('scales the backend on CPU with PostgreSQL, and the Deployment leaves its replicas to it', () => {
      const objects = renderChart(['postgresql.enabled=true', 'autoscaling.enabled=true', 'autoscaling.maxReplicas=6'])
      const [hpa] = byKind(objects, 'HorizontalPodAutoscaler')
      expect(hpa!.apiVersion).toBe('autoscaling/v2')
      expect(hpa!.spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'todo-chatbot-backend' },
        minReplicas: 3,
        maxReplicas: 6,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      })
      expect(deployment(objects, 'backend').spec.replicas).toBeUndefined()
      expect(byKind(objects, 'PodDisruptionBudget')).toHaveLength(1)
      // An external database is enough.
      expect(byKind(renderChart(['config.databaseUrl=postgres://todo:pw@db/todo', 'autoscaling.enabled=true']), 'HorizontalPodAutoscaler')).toHaveLength(1)
    })

    it('uses autoscaling/v2 where served, autoscaling/v2beta2 on Kubernetes 1.20', () => {
      const version = (flags: string[]) => byKind(renderChart(['postgresql.enabled=true', 'autoscaling.enabled=true'], flags), 'HorizontalPodAutoscaler')[0]!.apiVersion
      expect(version(['--kube-version', '1.20.0'])).toBe('autoscaling/v2beta2')
      expect(version(['--kube-version', '1.20.0', '--api-versions', 'autoscaling/v2/HorizontalPodAutoscaler'])).toBe('autoscaling/v2')
    })

    it('refuses to render on SQLite, saying why', () => {
      const result = spawnSync(helm(), ['template', 'todo-chatbot', path.join(repoRoot, CHART), '--set', 'autoscaling.enabled=true'], { encoding: 'utf8' })
      expect(result.status).not.toBe(0)
      expect(result.stderr).toMatch(/autoscaling\.enabled needs PostgreSQL.*SQLite.*cannot scale out/)
    })
  })
})
