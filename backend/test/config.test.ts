import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONFIG_EXIT_CODE, ConfigError, loadConfig, parseDatabaseUrl } from '../src/config.js'
import { spawnServer } from './server-process.js'

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 8001,
      host: '0.0.0.0',
      logLevel: 'info',
      logFormat: 'json',
      corsOrigins: [],
      shutdownGraceMs: 10_000,
      chatRateLimit: 20,
      authSecret: undefined,
      openai: { apiKey: undefined, baseUrl: undefined },
      trustProxy: false,
    })
    expect(config.database).toEqual({ kind: 'sqlite', path: path.resolve('data/todo.db') })
  })

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u:p@db:5432/todo',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
      CORS_ORIGINS: 'http://localhost:5173, https://todo.example.com',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODEL: 'llama3.2',
      AUTH_SECRET: 'x'.repeat(32),
      CHAT_RATE_LIMIT: '0',
      AUTH_RATE_LIMIT: '500',
      SESSION_CACHE_MS: '0',
      SHUTDOWN_GRACE_MS: '2500',
      TRUST_PROXY: '1',
    })
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      database: { kind: 'postgres', url: 'postgres://u:p@db:5432/todo' },
      logLevel: 'debug',
      logFormat: 'pretty',
      corsOrigins: ['http://localhost:5173', 'https://todo.example.com'],
      openai: { apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2' },
      authSecret: 'x'.repeat(32),
      chatRateLimit: 0,
      authRateLimit: { max: 500, windowMs: 60_000 },
      sessionCacheMs: 0,
      shutdownGraceMs: 2500,
      trustProxy: 1,
    })
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback'])
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false)
  })

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'integer from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT', 'integer from 0 to 65535'],
    [{ PORT: '-1' }, 'PORT', 'integer'],
    [{ DATABASE_URL: 'mysql://localhost/todo' }, 'DATABASE_URL', 'unsupported scheme "mysql:"'],
    [{ DATABASE_URL: 'postgres://' }, 'DATABASE_URL', 'not a valid PostgreSQL URL'],
    [{ DATABASE_URL: 'postgres://db:port/todo' }, 'DATABASE_URL', 'not a valid PostgreSQL URL'],
    [{ DATABASE_URL: 'sqlite:///' }, 'DATABASE_URL', 'names no database file'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', 'one of fatal, error'],
    [{ LOG_FORMAT: 'yaml' }, 'LOG_FORMAT', 'json or pretty'],
    [{ CORS_ORIGINS: 'localhost:5173' }, 'CORS_ORIGINS', 'origins like'],
    [{ CORS_ORIGINS: 'http://a.example/path' }, 'CORS_ORIGINS', 'origins like'],
    [{ OPENAI_BASE_URL: 'not a url' }, 'OPENAI_BASE_URL', 'http:// or https://'],
    [{ OPENAI_BASE_URL: 'ftp://x' }, 'OPENAI_BASE_URL', 'http:// or https://'],
    [{ AUTH_SECRET: 'short' }, 'AUTH_SECRET', 'at least 32'],
    [{ SHUTDOWN_GRACE_MS: '10s' }, 'SHUTDOWN_GRACE_MS', 'integer'],
    [{ CHAT_RATE_LIMIT: 'lots' }, 'CHAT_RATE_LIMIT', 'integer'],
    [{ AUTH_RATE_LIMIT: '0' }, 'AUTH_RATE_LIMIT', 'integer from 1 to 100000'],
    [{ SESSION_CACHE_MS: '120000' }, 'SESSION_CACHE_MS', 'integer from 0 to 60000'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY', 'hop count, or a comma-separated list'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY', 'proxy addresses or ranges'],
    [{ TRUST_PROXY: '99' }, 'TRUST_PROXY', 'hop count must be from 0 to 10'],
  ])('rejects %j naming %s', (env, variable, allowed) => {
    let error: unknown
    try {
      loadConfig(env)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe(variable)
    expect((error as Error).message).toMatch(new RegExp(`^${variable}: `))
    expect((error as Error).message).toContain(allowed)
  })

  it.each([
    ['./data/todo.db', '/srv/data/todo.db'],
    ['/var/lib/todo.db', '/var/lib/todo.db'],
    ['sqlite:////app/data/todo.db', '/app/data/todo.db'],
    ['sqlite:///data/todo.db', '/srv/data/todo.db'],
    ['file:///app/data/todo.db', '/app/data/todo.db'],
    ['file:data/todo.db', '/srv/data/todo.db'],
  ])('reads the SQLite form %s as %s', (raw, file) => {
    expect(parseDatabaseUrl(raw, '/srv')).toEqual({ kind: 'sqlite', path: file })
  })

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', OPENAI_API_KEY: ' ' })).toMatchObject({ port: 8001, openai: { apiKey: undefined } })
  })
})

describe('the process with a bad configuration', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'mongodb://localhost/todo' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'fancy' }, 'LOG_FORMAT'],
  ])('exits %s with one line naming %s', async (env, variable) => {
    const server = spawnServer(env)
    const { code } = await server.exited
    expect(code).toBe(CONFIG_EXIT_CODE)
    const lines = server.stderr().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable}: `))
  })
})
