// The Helm chart's database choices: PostgreSQL in the chart (against
// k8s/overlays/postgres), PostgreSQL outside it, its password Secret, and what only
// PostgreSQL allows (several replicas, a PodDisruptionBudget, a HorizontalPodAutoscaler).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../harness/launch.js'
import { byKind, CHART, helm, renderChart, renderPostgres, type K8sObject } from '../manifests/render.js'
import { runtimeErrors, typeErrors } from '../manifests/schema.js'
import { deployment, envOf, index, strip } from './objects.js'

describe('the Helm chart on PostgreSQL', () => {
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

  describe.each([
    ['config.databaseUrl', ['config.databaseUrl=postgres://todo:pw@db.example:5432/todo']],
    ['database.existingSecret', ['database.existingSecret=todo-db']],
  ])('with PostgreSQL outside the cluster (%s)', (_, set) => {
    const objects = renderChart(set)

    it('makes no SQLite claim and mounts no volume for it, so nothing pins the pods to one node', () => {
      expect(byKind(objects, 'PersistentVolumeClaim')).toEqual([])
      const pod = deployment(objects, 'backend').spec.template.spec
      expect(JSON.stringify(pod)).not.toContain('persistentVolumeClaim')
      expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }])
    })

    it('runs 3 backend replicas under a PodDisruptionBudget, as with PostgreSQL in the chart', () => {
      expect(deployment(objects, 'backend').spec.replicas).toBe(3)
      expect(byKind(objects, 'PodDisruptionBudget')).toHaveLength(1)
      expect(deployment(renderChart([...set, 'backend.replicas=4']), 'backend').spec.replicas).toBe(4)
    })
  })

  describe('the generated PostgreSQL password', () => {
    const run = (flags: string[]) =>
      spawnSync(helm(), ['template', 'todo-chatbot', path.join(repoRoot, CHART), '--set', 'postgresql.enabled=true', ...flags], { encoding: 'utf8' })

    it('refuses an upgrade render that cannot read the current password back (helm template, GitOps), naming the fix', () => {
      const result = run(['--is-upgrade'])
      expect(result.status).not.toBe(0)
      expect(result.stderr).toMatch(/postgresql\.existingSecret/)
    })

    it('still renders a first install, and an upgrade with postgresql.existingSecret', () => {
      expect(run([]).status).toBe(0)
      expect(run(['--is-upgrade', '--set', 'postgresql.existingSecret=my-pg']).status).toBe(0)
    })
  })
})
