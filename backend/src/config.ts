// The one module that reads process.env. Every variable of the design is parsed and
// validated here; a bad value throws a ConfigError whose message names the variable and
// what is allowed, and server.ts turns that into one line on stderr and exit code 78.
import path from 'node:path'
import { trustProxyOption, type TrustProxy } from './http/server-options.js'
import type { DatabaseConfig } from './db/connect.js'
import {
  DEFAULT_AUTH_RATE_LIMIT,
  DEFAULT_CHAT_RATE_LIMIT,
  DEFAULT_OPENAI_MODEL,
  DEFAULT_QUOTAS,
  DEFAULT_SESSION_CACHE_MS,
  DEFAULT_WRITE_RATE_LIMIT,
} from './defaults.js'
import type { Quotas } from './limits/quotas.js'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** json: one object a line, for collectors (the default); pretty: plain lines for a person (dev). */
export const LOG_FORMATS = ['json', 'pretty'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

export interface Config {
  port: number
  host: string
  database: DatabaseConfig
  logLevel: LogLevel
  /** How log lines are written (LOG_FORMAT); `npm run dev` and the dev image set pretty. */
  logFormat: LogFormat
  /** Origins allowed to call the API cross-origin; empty means CORS stays off. */
  corsOrigins: string[]
  openai: {
    apiKey: string | undefined
    baseUrl: string | undefined
    model: string
  }
  authSecret: string | undefined
  /** Chat turns per user per minute (caps model spend); 0 turns the limit off. */
  chatRateLimit: number
  /** Sign-in and sign-up attempts per client address per minute (the account throttle is apart). */
  authRateLimit: { max: number; windowMs: number }
  /** How long a process remembers a resolved session (auth/session-cache.ts); 0 = never. */
  sessionCacheMs: number
  shutdownGraceMs: number
  /** Which proxies' X-Forwarded-* headers are believed (http/server-options.ts). */
  trustProxy: TrustProxy
  /** Task and conversation writes per user per minute; 0 turns the limit off. */
  writeRateLimit: number
  /** Per-user quotas (limits/quotas.ts). */
  quotas: Quotas
}

/** Exit code for a configuration error (EX_CONFIG from sysexits.h). */
export const CONFIG_EXIT_CODE = 78

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

/** Treats an empty value like an unset one, as shells and .env files often leave them. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw}")`)
  }
  return Number(raw)
}

function httpUrl(name: string, raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(name, `must be an http:// or https:// URL (got "${raw}")`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http:// or https:// URL (got "${raw}")`)
  }
  return raw
}

const DATABASE_URL_FORMS =
  'use a SQLite file path, a file: URL, sqlite:///relative/path, sqlite:////absolute/path, or a postgres:// URL'

/**
 * Accepts the forms people bring: a plain path (`./data/todo.db`), a `file:` URL, the
 * SQLAlchemy-style `sqlite:///rel.db` / `sqlite:////abs.db`, or `postgres(ql)://…`.
 */
export function parseDatabaseUrl(raw: string, cwd = process.cwd()): DatabaseConfig {
  const name = 'DATABASE_URL'
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    let url: URL | undefined
    try {
      url = new URL(raw)
    } catch {
      // reported below
    }
    // A host is needed, either in the authority or as ?host=/socket/dir.
    if (!url || (url.hostname === '' && !url.searchParams.has('host'))) {
      throw new ConfigError(name, `is not a valid PostgreSQL URL (postgres://user:password@host:5432/database)`)
    }
    return { kind: 'postgres', url: raw }
  }
  let file: string
  if (/^sqlite:\/\/\//i.test(raw)) {
    file = raw.slice('sqlite:///'.length)
  } else if (/^file:/i.test(raw)) {
    file = raw.startsWith('file://') ? decodeURIComponent(new URL(raw).pathname) : raw.slice('file:'.length)
  } else if (/^[a-z][a-z0-9+.-]+:/i.test(raw)) {
    const scheme = raw.slice(0, raw.indexOf(':') + 1)
    throw new ConfigError(name, `unsupported scheme "${scheme}"; ${DATABASE_URL_FORMS}`)
  } else {
    file = raw
  }
  if (file === '' || file.endsWith('/')) {
    throw new ConfigError(name, `names no database file (got "${raw}"); ${DATABASE_URL_FORMS}`)
  }
  return { kind: 'sqlite', path: path.resolve(cwd, file) }
}

function corsOrigins(env: Env): string[] {
  const raw = read(env, 'CORS_ORIGINS')
  if (raw === undefined) return []
  return raw.split(',').map((origin) => {
    const value = origin.trim()
    if (value === '*') return value
    try {
      const url = new URL(value)
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value) return value
    } catch {
      // fall through to the error below
    }
    throw new ConfigError(
      'CORS_ORIGINS',
      `must be "*" or a comma-separated list of origins like http://localhost:5173 (got "${value}")`,
    )
  })
}

function trustProxy(env: Env): TrustProxy {
  const raw = read(env, 'TRUST_PROXY')
  if (raw === undefined || raw === 'false' || raw === '0') return false
  if (/^\d+$/.test(raw)) {
    if (Number(raw) > 10) throw new ConfigError('TRUST_PROXY', `a hop count must be from 0 to 10 (got "${raw}")`)
    return Number(raw)
  }
  const list = raw.split(',').map((entry) => entry.trim()).filter(Boolean)
  try {
    trustProxyOption(list)
  } catch (error) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be "false", a hop count, or a comma-separated list of proxy addresses or ranges like 10.0.0.0/8 (${(error as Error).message})`,
    )
  }
  return list
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = read(env, 'LOG_LEVEL') ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`)
  }
  const logFormat = read(env, 'LOG_FORMAT') ?? 'json'
  if (!(LOG_FORMATS as readonly string[]).includes(logFormat)) {
    throw new ConfigError('LOG_FORMAT', `must be json or pretty (got "${logFormat}")`)
  }
  const baseUrl = read(env, 'OPENAI_BASE_URL')
  const authSecret = read(env, 'AUTH_SECRET')
  if (authSecret !== undefined && authSecret.length < 32) {
    throw new ConfigError('AUTH_SECRET', 'must be at least 32 characters (try: openssl rand -base64 32)')
  }
  return {
    port: integer(env, 'PORT', 8001, 0, 65535),
    host: read(env, 'HOST') ?? '0.0.0.0',
    database: parseDatabaseUrl(read(env, 'DATABASE_URL') ?? './data/todo.db'),
    logLevel: logLevel as LogLevel,
    logFormat: logFormat as LogFormat,
    corsOrigins: corsOrigins(env),
    openai: {
      apiKey: read(env, 'OPENAI_API_KEY'),
      baseUrl: baseUrl === undefined ? undefined : httpUrl('OPENAI_BASE_URL', baseUrl),
      model: read(env, 'OPENAI_MODEL') ?? DEFAULT_OPENAI_MODEL,
    },
    authSecret,
    chatRateLimit: integer(env, 'CHAT_RATE_LIMIT', DEFAULT_CHAT_RATE_LIMIT, 0, 100_000),
    authRateLimit: { ...DEFAULT_AUTH_RATE_LIMIT, max: integer(env, 'AUTH_RATE_LIMIT', DEFAULT_AUTH_RATE_LIMIT.max, 1, 100_000) },
    sessionCacheMs: integer(env, 'SESSION_CACHE_MS', DEFAULT_SESSION_CACHE_MS, 0, 60_000),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    trustProxy: trustProxy(env),
    writeRateLimit: integer(env, 'WRITE_RATE_LIMIT', DEFAULT_WRITE_RATE_LIMIT, 0, 1_000_000),
    quotas: {
      tasks: integer(env, 'QUOTA_TASKS', DEFAULT_QUOTAS.tasks, 1, 10_000_000),
      storedTasks: integer(env, 'QUOTA_STORED_TASKS', DEFAULT_QUOTAS.storedTasks, 1, 10_000_000),
      taskTextBytes: integer(env, 'QUOTA_TEXT_MB', DEFAULT_QUOTAS.taskTextBytes / 1024 / 1024, 1, 100_000) * 1024 * 1024,
      messages: integer(env, 'QUOTA_MESSAGES', DEFAULT_QUOTAS.messages, 2, 10_000_000),
    },
  }
}
