import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import { onTestFinished } from 'vitest'
import { buildApp, type BuildOptions } from '../src/app.js'
import type { DatabaseConfig } from '../src/db/connect.js'

export type Engine = 'sqlite' | 'postgres'

/** The engines this run can test: SQLite always, PostgreSQL when a server is given. */
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']

export function tempDir(prefix = 'todo-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A SQLite file path in a fresh directory removed after the test. */
export function sqliteFile(): string {
  return path.join(tempDir(), 'todo.db')
}

/** A fresh, empty PostgreSQL database on the test server, dropped after the test. */
export async function postgresDatabase(): Promise<string> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set')
  const name = `todo_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  onTestFinished(async () => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(`drop database if exists ${name} with (force)`)
    await client.end()
  })
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export async function freshDatabase(engine: Engine = 'sqlite'): Promise<DatabaseConfig> {
  return engine === 'postgres' ? { kind: 'postgres', url: await postgresDatabase() } : { kind: 'sqlite', path: sqliteFile() }
}

/** Builds the app on a fresh database and closes it when the test finishes. */
export async function buildTestApp(
  engine: Engine = 'sqlite',
  options: Partial<BuildOptions> = {},
): Promise<FastifyInstance> {
  const app = await buildApp({ database: await freshDatabase(engine), corsOrigins: [], ...options })
  onTestFinished(() => app.close())
  return app
}

let accounts = 0

/** A unique address per call, so tests never collide on the unique email index. */
export function uniqueEmail(name = 'user'): string {
  return `${name}-${process.pid}-${++accounts}@example.com`
}

export const TEST_PASSWORD = 'correct horse battery'

export interface Client {
  userId: string
  token: string
  /** The session cookie as a browser would send it back. */
  cookie: string
  /** app.inject with this user's bearer token. */
  inject: (options: InjectOptions | string) => Promise<LightMyRequestResponse>
}

/** Signs a new account up through the API and returns a client acting as it. */
export async function signUp(app: FastifyInstance, email = uniqueEmail()): Promise<Client> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    payload: { email, password: TEST_PASSWORD },
  })
  if (res.statusCode !== 200) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`)
  const { token, user } = res.json()
  const setCookie = [res.headers['set-cookie'] ?? []].flat()
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ')
  return {
    userId: user.id,
    token,
    cookie,
    inject: (options) => {
      const opts = typeof options === 'string' ? { url: options } : options
      return app.inject({ ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } })
    },
  }
}

/** A fresh app and one signed-in user: the usual start of a route test. */
export async function setup(engine: Engine = 'sqlite', options: Partial<BuildOptions> = {}) {
  const app = await buildTestApp(engine, options)
  return { app, ...(await signUp(app)) }
}
