// Runs the assistant's corpus (tuning.txt, held-out.txt) against the built-in brain on a real
// SQLite file: every case gets its own user holding the tasks of fixture.json, its earlier
// turns run first (with the memory they leave), and the last turn's calls are compared with
// the expectation. Used by the corpus test and by `npm run bench:assistant`.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { sql, type Kysely } from 'kysely'
import { createBuiltinBrain } from '../../../src/chat/builtin/builtin-brain.js'
import type { ToolCallRecord } from '../../../src/chat/chat.schema.js'
import { createDatabase } from '../../../src/db/connect.js'
import type { Database } from '../../../src/db/database.js'
import { migrateToLatest } from '../../../src/db/migrate.js'
import { createTask, deleteTask, updateTask } from '../../../src/tasks/tasks.repository.js'
import type { TaskCreate } from '../../../src/tasks/tasks.schema.js'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Calls that only read: how the brain finds a task is its own business. */
const READS = new Set(['find_tasks', 'get_task', 'list_tasks'])
/** Calls that change or remove a task that already existed. */
const DESTRUCTIVE = new Set(['complete_task', 'reopen_task', 'delete_task', 'update_task', 'clear_completed'])

export interface ExpectedCall {
  name: string
  args: Record<string, unknown>
}

export interface Case {
  line: number
  /** The user's local time for this case (default: the fixture's). */
  now?: string
  turns: string[]
  expect: 'ask' | 'nothing' | ExpectedCall[]
  text: string
}

export interface Outcome {
  case: Case
  ok: boolean
  /** A change to an existing task that the case did not ask for. */
  destructive: boolean
  calls: ExpectedCall[]
  reply: string
}

function parseValue(key: string, raw: string): unknown {
  const value = raw.startsWith('"') ? raw.slice(1, -1) : raw
  if (value === 'null') return null
  if (key === 'task_numbers') return value.split(',').map(Number)
  if (key === 'task_number') return Number(value)
  return value
}

function parseCall(text: string): ExpectedCall {
  const [name, ...rest] = text.trim().match(/\S+="[^"]*"|\S+/g) ?? []
  const args: Record<string, unknown> = {}
  for (const pair of rest) {
    const eq = pair.indexOf('=')
    const key = pair.slice(0, eq)
    args[key] = parseValue(key, pair.slice(eq + 1))
  }
  return { name: name!, args }
}

export type CorpusPart = 'tuning' | 'held-out'

export function loadCorpus(file: CorpusPart): Case[] {
  const lines = fs.readFileSync(path.join(here, `${file}.txt`), 'utf8').split('\n')
  const cases: Case[] = []
  lines.forEach((raw, i) => {
    let line = raw.trim()
    if (!line || line.startsWith('#')) return
    // "[2026-12-05 19:30] what's due this weekend => …": the user's local time for this case.
    let now: string | undefined
    if (line.startsWith('[')) {
      now = line.slice(1, line.indexOf(']')).replace(' ', 'T')
      line = line.slice(line.indexOf(']') + 1).trim()
    }
    const [said, expected] = line.split(' => ') as [string, string]
    const expect = expected.trim()
    cases.push({
      line: i + 1,
      ...(now && { now }),
      text: raw.trim(),
      turns: said.split(' | ').map((t) => t.trim()),
      expect: expect === 'ask' || expect === 'nothing' ? expect : expect.split(';').map(parseCall),
    })
  })
  return cases
}

interface Fixture {
  /** The user's local date and time (YYYY-MM-DDTHH:MM) when a case gives none. */
  now: string
  tasks: (TaskCreate & { completed?: boolean; completed_at?: string; deleted?: boolean })[]
}
export const fixture: Fixture = JSON.parse(fs.readFileSync(path.join(here, 'fixture.json'), 'utf8'))

/** A local date and time written YYYY-MM-DDTHH:MM, as a Date (the server's calendar). */
export function localTime(text: string = fixture.now): Date {
  const [date, time = '12:00'] = text.split('T') as [string, string?]
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [h, min] = time.split(':').map(Number) as [number, number]
  return new Date(y, m - 1, d, h, min)
}

const sameSet = (a: unknown[], b: unknown[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join()

/**
 * The calls a case is judged on: every change, and of the reads only those the case names
 * (the first as many of each name as it expects: a reply may read more to say more).
 */
function judged(calls: ExpectedCall[], expected: ExpectedCall[]): ExpectedCall[] {
  const wanted = new Map<string, number>()
  for (const e of expected) if (READS.has(e.name)) wanted.set(e.name, (wanted.get(e.name) ?? 0) + 1)
  return calls.filter((call) => {
    if (!READS.has(call.name)) return true
    const left = wanted.get(call.name) ?? 0
    if (left === 0) return false
    wanted.set(call.name, left - 1)
    return true
  })
}

function argsMatch(expected: ExpectedCall, actual: ExpectedCall): boolean {
  if (expected.name !== actual.name) return false
  const keys = expected.name === 'list_tasks' ? Object.keys(expected.args) : [...new Set([...Object.keys(expected.args), ...Object.keys(actual.args)])]
  return keys.every((k) => {
    const e = expected.args[k]
    const a = actual.args[k]
    if (Array.isArray(e) && Array.isArray(a)) return sameSet(e, a)
    return e === a
  })
}

function judge(c: Case, calls: ExpectedCall[], reply: string): Pick<Outcome, 'ok' | 'destructive'> {
  const changes = calls.filter((call) => !READS.has(call.name))
  const expected = Array.isArray(c.expect) ? c.expect : []
  const checked = judged(calls, expected)
  const destructive = changes.some(
    (call) => DESTRUCTIVE.has(call.name) && !expected.some((e) => argsMatch(e, call)),
  )
  let ok: boolean
  if (c.expect === 'nothing') ok = changes.length === 0
  else if (c.expect === 'ask') ok = changes.length === 0 && reply.includes('?')
  else ok = checked.length === expected.length && expected.every((e, i) => argsMatch(e, checked[i]!))
  return { ok, destructive }
}

export interface CorpusRun {
  outcomes: Outcome[]
  passed: number
  destructive: number
  close: () => Promise<void>
}

let userCounter = 0

async function seedUser(db: Kysely<Database>): Promise<string> {
  const userId = `corpus-${process.pid}-${++userCounter}`
  const now = new Date().toISOString()
  await sql`insert into "user" (id, name, email, "emailVerified", "createdAt", "updatedAt") values (${userId}, 'Corpus', ${`${userId}@example.test`}, 0, ${now}, ${now})`.execute(db)
  for (const task of fixture.tasks) {
    const { completed, completed_at, deleted, ...fields } = task
    const created = await createTask(db, userId, fields)
    if (completed) await updateTask(db, userId, created.number, { completed: true })
    if (completed_at) {
      await db.updateTable('tasks').set({ completed_at: localTime(completed_at).toISOString() }).where('user_id', '=', userId).where('number', '=', created.number).execute()
    }
    if (deleted) await deleteTask(db, userId, created.number)
  }
  return userId
}

export async function runCase(db: Kysely<Database>, c: Case): Promise<Outcome> {
  const brain = createBuiltinBrain()
  const userId = await seedUser(db)
  const log = pino({ level: 'silent' })
  const ctx = { db, userId, today: localTime(c.now) }
  let context: unknown
  let last: { response: string; toolCalls: ToolCallRecord[] } | undefined
  for (const message of c.turns) {
    const output = await brain.respond({ history: [], message, ctx, log, events: {}, context })
    context = output.context
    last = output
  }
  const calls = last!.toolCalls.map((t) => ({ name: t.name, args: t.arguments }))
  return { case: c, calls, reply: last!.response, ...judge(c, calls, last!.response) }
}

/** Runs cases on a fresh SQLite file (in `dir`, or a temporary one removed by close()). */
export async function runCorpus(cases: Case[], dir?: string): Promise<CorpusRun> {
  const folder = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'todo-corpus-'))
  const db = createDatabase({ kind: 'sqlite', path: path.join(folder, 'corpus.db') })
  await migrateToLatest(db)
  const outcomes = []
  for (const c of cases) outcomes.push(await runCase(db, c))
  return {
    outcomes,
    passed: outcomes.filter((o) => o.ok).length,
    destructive: outcomes.filter((o) => o.destructive).length,
    close: async () => {
      await db.destroy()
      if (!dir) fs.rmSync(folder, { recursive: true, force: true })
    },
  }
}
