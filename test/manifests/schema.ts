// Validation against the Kubernetes API's own schemas, as published by kubernetes-models
// (generated from the OpenAPI spec of a current Kubernetes release):
// - at run time, its Ajv validators: types, required fields, enums, formats;
// - at compile time, its TypeScript interfaces: each object is written out as a literal
//   that must `satisfies` its interface, so an unknown field is an excess-property error
//   (the JSON schemas themselves allow extra fields, which the API server would drop).
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { repoRoot } from '../harness/launch.js'
import type { K8sObject } from './render.js'

/** kubernetes-models' module for an apiVersion and kind: core "v1" has no group folder. */
export function modelModule(object: Pick<K8sObject, 'apiVersion' | 'kind'>): string {
  return `kubernetes-models/${object.apiVersion}/${object.kind}`
}

export async function runtimeErrors(object: K8sObject): Promise<string | undefined> {
  const module = await import(modelModule(object))
  const Model = module[object.kind]
  try {
    new Model(object).validate()
    return undefined
  } catch (error) {
    return `${object.kind}/${object.metadata.name}: ${(error as Error).message}`
  }
}

/** Type-checks the objects against the API's interfaces; returns the compiler's complaints. */
export function typeErrors(objects: K8sObject[]): string[] {
  const dir = fs.mkdtempSync(path.join(repoRoot, 'node_modules', '.manifest-check-'))
  try {
    const file = path.join(dir, 'manifests.ts')
    const lines = objects.map((o, i) => {
      const { apiVersion: _a, kind: _k, ...rest } = o
      return [
        `import type { I${o.kind} as T${i} } from '${modelModule(o)}'`,
        `// ${o.kind}/${o.metadata.name}`,
        `export const o${i} = ${JSON.stringify({ apiVersion: o.apiVersion, kind: o.kind, ...rest }, null, 2)} satisfies T${i}`,
      ].join('\n')
    })
    fs.writeFileSync(file, lines.join('\n\n'))
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
    })
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined
      const comment = where ? lines.join('\n\n').split('\n').slice(0, where.line).reverse().find((l) => l.startsWith('// ')) : ''
      return `${comment?.slice(3) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}`
    })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

