// Renders the kustomizations with the real kubectl (kustomize built in) and parses them.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { parseAllDocuments } from 'yaml'
import { repoRoot } from '../e2e/stack.js'

export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; labels?: Record<string, string> }
  spec?: any
  data?: Record<string, string>
  [key: string]: any
}

export const KUSTOMIZATIONS = ['k8s/base', 'k8s/overlays/local', '.'] as const

export function render(dir: string): K8sObject[] {
  const out = execFileSync('kubectl', ['kustomize', path.join(repoRoot, dir)], { encoding: 'utf8' })
  return parseAllDocuments(out).map((doc) => doc.toJS() as K8sObject)
}

export const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind)

/** The pod templates of every workload, with the workload's name. */
export function podTemplates(objects: K8sObject[]): { name: string; template: any }[] {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind))
    .map((o) => ({ name: o.metadata.name, template: o.spec.template }))
}
