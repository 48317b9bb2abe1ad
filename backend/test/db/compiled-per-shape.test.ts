// Queries compiled once per shape (db/compiled-per-shape.ts): the same SQL and parameters as
// a fresh build on both dialects, one build per shape, and the misuses that would let one
// call's value reach another refused. The lists that use it: tasks/list-shapes.test.ts.
import { Kysely, PostgresDialect, sql, SqliteDialect, type Compilable } from 'kysely'
import { describe, expect, it } from 'vitest'
import { compiledPerShape } from '../../src/db/compiled-per-shape.js'
import type { Database } from '../../src/db/database.js'

// Compiling needs no connection: neither dialect is ever asked for one here.
const dialects = {
  sqlite: new Kysely<Database>({ dialect: new SqliteDialect({ database: {} as never }) }),
  postgres: new Kysely<Database>({ dialect: new PostgresDialect({ pool: {} as never }) }),
}

type Shape = { done: 'any' | 'yes'; search: boolean }
type Values = { user: string; limit: number; pattern?: string }

const build = (db: Kysely<any>, shape: Shape, v: Values): Compilable<unknown> => {
  let select = (db as Kysely<Database>).selectFrom('tasks').select(['number', 'title']).where('user_id', '=', v.user)
  if (shape.done === 'yes') select = select.where('completed', '=', 1)
  if (shape.search) select = select.where(sql<boolean>`lower(title) like ${v.pattern}`)
  return select.where('priority', '<>', 'low').orderBy('number', 'desc').limit(v.limit)
}

describe.each(Object.entries(dialects))('compiledPerShape on %s', (_name, db) => {
  it('gives the SQL and parameters a fresh build gives, building each shape once', () => {
    let builds = 0
    const compiled = compiledPerShape((d: Kysely<any>, shape: Shape, v: Values) => {
      builds++
      return build(d, shape, v)
    })
    const calls: [Shape, Values][] = [
      [{ done: 'any', search: false }, { user: 'ana', limit: 51 }],
      [{ done: 'any', search: false }, { user: 'ben', limit: 3 }],
      [{ done: 'yes', search: true }, { user: 'ana', limit: 10, pattern: '%milk%' }],
      [{ done: 'yes', search: true }, { user: 'ben', limit: 11, pattern: '%eggs%' }],
      [{ done: 'any', search: false }, { user: 'cy', limit: 7 }],
    ]
    for (const [shape, values] of calls) {
      const fresh = build(db, shape, values).compile()
      const ours = compiled(db, shape, values)
      expect(ours.sql).toBe(fresh.sql)
      expect(ours.parameters).toEqual(fresh.parameters)
    }
    expect(builds).toBe(2)
  })

  it('refuses a build that branches on a value, and a call that leaves a bound value out', () => {
    const branching = compiledPerShape((d: Kysely<any>, shape: Shape, v: Values) => (v.pattern ? build(d, shape, v) : build(d, shape, v)))
    expect(() => branching(db, { done: 'any', search: false }, { user: 'ana', limit: 1 })).toThrow(/pattern read but not bound/)
    const compiled = compiledPerShape(build)
    expect(() => compiled(db, { done: 'yes', search: true }, { user: 'ana', limit: 1 })).toThrow(/no value for pattern/)
  })
})
