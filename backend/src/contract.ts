// The API's contract: every request and response shape, as the TypeBox schemas the routes
// validate with, and the TypeScript types inferred from them. The frontend imports these
// types (`@contract`, type-only), so a changed field fails its type check; the OpenAPI
// document (GET /api/openapi.json, docs/openapi.json) is generated from the same schemas.
// The input limits are values the frontend imports too (`@contract/limits`, limits.schema.ts).
// Keep these modules free of runtime dependencies beyond typebox.
export * from './auth/auth.schema.js'
export * from './chat/chat.schema.js'
export * from './errors.schema.js'
export * from './limits.schema.js'
export * from './tasks/tasks.schema.js'
export * from './tasks/trash.schema.js'
export * from './text.schema.js'
// What the assistant's tools answer (ToolCallRecord.result), as types only: tools.ts itself
// runs on the server.
export type { BulkChange, FoundTasks, TaskChange, TaskList, TaskSummary, ToolError } from './chat/tools.js'
