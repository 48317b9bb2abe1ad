// The seams `npm run check` holds (it runs `depcruise backend/src frontend/src`): no import
// cycle anywhere, and the layers below import only downwards. A rule broken prints the
// offending import and fails the check.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle: modules that need each other load in an order that depends on which is imported first. ' +
        'Move what both need (a type, a default) to a module of its own below them.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'db-below-features',
      severity: 'error',
      comment: 'db/ is the bottom layer: connections, schema and migrations know no feature and no HTTP.',
      from: { path: '^backend/src/db/' },
      to: { path: '^backend/src/(chat|tasks|auth|http)/' },
    },
    {
      name: 'language-stands-alone',
      severity: 'error',
      comment: 'language/ reads English into plain values; it knows no storage, feature or account.',
      from: { path: '^backend/src/language/' },
      to: { path: '^backend/src/(chat|tasks|db|auth)/' },
    },
    {
      name: 'repositories-know-no-http',
      severity: 'error',
      comment:
        'A repository returns values, undefined or a domain error; the routes (and chat tools) map those to HTTP. ' +
        'Reachable, not only imported: a helper the repository calls (tasks.cursor.ts) is held to it too.',
      from: { path: '\\.repository\\.ts$' },
      to: { path: ['^backend/src/errors\\.ts$', '^backend/src/http/', 'node_modules/(fastify|@fastify/)'], reachable: true },
    },
    {
      name: 'frontend-sees-only-the-contract',
      severity: 'error',
      comment:
        'The frontend imports the backend only through @contract (backend/src/contract.ts) and the schema modules it re-exports.',
      from: { path: '^frontend/' },
      to: { path: '^backend/', pathNot: ['^backend/src/contract\\.ts$', '^backend/src/.*\\.schema\\.ts$', '^backend/src/dates\\.format\\.ts$'] },
    },
    {
      // The frontend's tsconfig maps @contract (and @contract/limits, @contract/dates) to the contract's files.
      // dependency-cruiser resolves tsconfig paths only against a baseUrl, which that tsconfig
      // does not set, so those names stay unresolved here: tsc checks where they lead, and
      // contract-is-schemas-only below checks what the contract brings. Anything else that
      // does not resolve is an import this check could not see through.
      name: 'frontend-imports-resolve',
      severity: 'error',
      from: { path: '^frontend/' },
      to: { couldNotResolve: true, pathNot: '^@contract(/limits|/dates)?$' },
    },
    {
      name: 'contract-is-schemas-only',
      severity: 'error',
      comment:
        'What the contract re-exports runs nothing of the backend but other schemas (and typebox); ' +
        'a type-only re-export (export type { … } from) brings no code and is allowed.',
      from: { path: '^backend/src/(contract|.*\\.schema)\\.ts$' },
      to: { path: '^backend/src/', pathNot: '\\.schema\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type cycle is still two modules that cannot be read apart.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
}
