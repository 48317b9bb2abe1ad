// What each setting is when the environment does not say: config.ts falls back on these, and
// so do buildApp and the modules it composes when a test builds the app without a config. A
// module of constants that imports no value, so that any layer can read it without importing
// config.ts (which imports the HTTP layer) or a feature (config.ts once imported the model's
// name from chat/brain.ts, and through it the tools, the tasks and the database: a cycle).
import type { Quotas } from './limits/quotas.js'

/** The model the OpenAI brain asks for when OPENAI_MODEL is not set. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini'

/** Per-user quotas (QUOTA_TASKS, QUOTA_STORED_TASKS, QUOTA_TEXT_MB, QUOTA_MESSAGES). */
export const DEFAULT_QUOTAS: Quotas = { tasks: 5000, storedTasks: 10_000, taskTextBytes: 8 * 1024 * 1024, messages: 10_000 }

/** How long a process remembers a resolved session (SESSION_CACHE_MS; auth/session-cache.ts). */
export const DEFAULT_SESSION_CACHE_MS = 5000

/** Chat turns per user per minute (CHAT_RATE_LIMIT). */
export const DEFAULT_CHAT_RATE_LIMIT = 20

/** Task and conversation writes per user per minute (WRITE_RATE_LIMIT). */
export const DEFAULT_WRITE_RATE_LIMIT = 300

/** Sign-in and sign-up attempts per client address per minute (AUTH_RATE_LIMIT). */
export const DEFAULT_AUTH_RATE_LIMIT = { max: 10, windowMs: 60_000 }

/**
 * How long a starting process waits for an unreachable database (db/database.plugin.ts):
 * inside the startup probe's 120 s, past PostgreSQL's own start beside it.
 */
export const DATABASE_STARTUP_WAIT_MS = 90_000
