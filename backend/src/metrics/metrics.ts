// What the backend counts for Prometheus (GET /metrics, metrics.plugin.ts): request
// durations by route, chat turns, database query time, session cache hits, and prom-client's
// process metrics (event-loop lag, memory, CPU, handles). Each app has its own registry, so
// tests that build several apps in one process never share or double-register a metric.
// Every label takes a bounded set of values: a route pattern, never a raw URL; a query's
// kind, never its SQL; an error code from the API's own list.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client'

/** A query's kind, from its Kysely operation node or, for raw SQL, its first keyword. */
export type QueryKind = 'select' | 'insert' | 'update' | 'delete' | 'other'

/** The label of a request that matched no route: one value, whatever URL was asked for. */
export const UNMATCHED_ROUTE = 'unmatched'

export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from a request arriving to its response being sent, by route pattern, method and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      // From a cached session read (about a millisecond) to a slow chat turn.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    chatTurns: new Counter({
      name: 'chat_turns_total',
      help: 'Chat turns answered, by brain (builtin, openai) and outcome (ok, or the error code)',
      labelNames: ['brain', 'outcome'] as const,
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: 'db_query_duration_seconds',
      help: 'Time the database took per query, by kind (select, insert, update, delete, other)',
      labelNames: ['kind'] as const,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
    sessionCacheLookups: new Counter({
      name: 'session_cache_lookups_total',
      help: 'Session lookups answered from the process cache (hit) or by Better Auth (miss)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
  }
}

export type Metrics = ReturnType<typeof createMetrics>

const NODE_KINDS: Record<string, QueryKind> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
}
const KEYWORDS = new Set<QueryKind>(['select', 'insert', 'update', 'delete'])

/**
 * The kind of a compiled query: its operation node's, or for raw SQL (sql`…`) the first
 * keyword, read from at most the first 16 characters.
 */
export function queryKind(node: { kind: string }, sqlText: string): QueryKind {
  const kind = NODE_KINDS[node.kind]
  if (kind) return kind
  if (node.kind !== 'RawNode') return 'other'
  const word = sqlText.slice(0, 16).trimStart().split(/[\s(]/, 1)[0]!.toLowerCase()
  return KEYWORDS.has(word as QueryKind) ? (word as QueryKind) : 'other'
}
