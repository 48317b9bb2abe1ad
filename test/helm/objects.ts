// What the Helm chart suites share: each tool's own marks set aside, so the chart's objects
// can be compared with the kustomizations', and short ways to reach into a render.
import type { K8sObject } from '../manifests/render.js'
import { byKind } from '../manifests/render.js'

export const OWN_LABELS = ['app.kubernetes.io/managed-by', 'helm.sh/chart']
export const OWN_ANNOTATIONS = ['checksum/config', 'helm.sh/resource-policy']

export function strip(meta: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined) {
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
export function foldDatabaseSecret(objects: K8sObject[]): K8sObject[] {
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
export function normalize(object: K8sObject): K8sObject {
  const o = JSON.parse(JSON.stringify(object).replace(/todo-chatbot-config-[a-z0-9]{10}/g, 'todo-chatbot-config'))
  strip(o.metadata)
  strip(o.spec?.template?.metadata)
  return o
}

export const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`
export const index = (objects: K8sObject[]) => Object.fromEntries(foldDatabaseSecret(objects).map(normalize).map((o) => [key(o), o]))
export const deployment = (objects: K8sObject[], name: string) => byKind(objects, 'Deployment').find((d) => d.metadata.name === `todo-chatbot-${name}`)!
export const container = (objects: K8sObject[], name: string) => deployment(objects, name).spec.template.spec.containers[0]
export const envOf = (objects: K8sObject[], name: string, variable: string) => container(objects, name).env?.find((e: any) => e.name === variable)
