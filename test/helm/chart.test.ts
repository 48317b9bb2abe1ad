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
import { runtimeErrors, typeErrors } from '../manifests/schema.js'
import { container, deployment, envOf, index } from './objects.js'

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

  it('lets only the frontend reach the backend, plus the scrapers metrics.scrapeFrom names, on 8001', () => {
    const backendPolicy = (objects: K8sObject[]) => byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'todo-chatbot-backend')!
    const port = [{ port: 8001, protocol: 'TCP' }]
    const [frontend, ...others] = backendPolicy(renderChart()).spec.ingress
    expect(others).toEqual([])
    expect(frontend).toEqual({ from: [{ podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'todo-chatbot-frontend' }) } }], ports: port })
    const prometheus = {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    }
    const objects = renderChart([], ['--set-json', `metrics.scrapeFrom=${JSON.stringify([prometheus])}`])
    expect(backendPolicy(objects).spec.ingress).toEqual([frontend, { from: [prometheus], ports: port }])
    expect(typeErrors(objects)).toEqual([])
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
})
