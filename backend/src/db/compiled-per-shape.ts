// A query built and compiled once per shape, its values bound at each call. Building and
// compiling a Kysely query cost more under load than reading a page of tasks with it
// (docs/testing.md, "Compiled once per shape"), and the task lists' pages come from a few
// dozen shapes (order, status, cursor, search, filters), each with its values bound as
// parameters.
//
// The shape is what the SQL depends on: enumerations and flags, never a user's data. The
// values (a user's id, a cursor's key, a search's text) reach the build function only as
// placeholders, which Kysely compiles into parameters like any value; at each call every
// placeholder is replaced by that call's value. So a compiled query holds no value of any
// call, and a call can only ever bind its own.
import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely'
import { dialectOf } from './connect.js'

/** Stands for a named value while a shape is compiled; never sent to a database. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** A compiled shape: its SQL and, per parameter, the value's name or a constant of the build. */
interface Template {
  query: CompiledQuery['query']
  sql: string
  slots: ({ name: string } | { constant: unknown })[]
}

/**
 * `build(db, shape, values)` must branch on `shape` only and use `values` only as values
 * (bound in a where, a limit, a sql`` fragment); a value read but never bound (a branch on
 * it) is refused when the shape is compiled, and tests compare every shape with a fresh
 * build. Values must be final: transform them before the call, not inside `build`.
 */
export function compiledPerShape<Shape extends object, Values extends object>(
  build: (db: Kysely<any>, shape: Shape, values: Values) => Compilable<unknown>,
) {
  const templates = new Map<string, Template>()

  function compileShape(db: Kysely<any>, shape: Shape): Template {
    const read = new Set<string>()
    const placeholders = new Proxy({} as Values, {
      get: (_target, name) => {
        if (typeof name !== 'string') return undefined
        read.add(name)
        return new Placeholder(name)
      },
    })
    const compiled = build(db, shape, placeholders).compile()
    const slots = compiled.parameters.map((parameter) =>
      parameter instanceof Placeholder ? { name: parameter.name } : { constant: parameter },
    )
    const bound = new Set(slots.flatMap((slot) => ('name' in slot ? [slot.name] : [])))
    const unbound = [...read].filter((name) => !bound.has(name))
    if (unbound.length > 0) throw new Error(`compiledPerShape: ${unbound.join(', ')} read but not bound; branch on the shape instead`)
    return { query: compiled.query, sql: compiled.sql, slots }
  }

  return function compiledFor<R>(db: Kysely<any>, shape: Shape, values: Values): CompiledQuery<R> {
    const key = `${dialectOf(db)} ${JSON.stringify(shape)}`
    let template = templates.get(key)
    if (!template) templates.set(key, (template = compileShape(db, shape)))
    const parameters = template.slots.map((slot) => {
      if ('constant' in slot) return slot.constant
      const value = (values as Record<string, unknown>)[slot.name]
      if (value === undefined) throw new Error(`compiledPerShape: no value for ${slot.name}`)
      return value
    })
    return { query: template.query, queryId: createQueryId(), sql: template.sql, parameters }
  }
}
