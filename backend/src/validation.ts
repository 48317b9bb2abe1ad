import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import { PLAIN_TEXT_PATTERN } from './text.schema.js'

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: false,
    // Unknown fields are rejected (schemas say additionalProperties: false), not stripped.
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  })
  addFormats.default(ajv, ['date', 'date-time', 'email', 'uri'])
  return ajv
}

// Query strings and path params arrive as text, so "limit=10" must become a number; a JSON
// body already has types, so "title": 123 is an error rather than silently "123".
const coercing = makeAjv({ coerceTypes: 'array' })
const strict = makeAjv({ coerceTypes: false })

/**
 * An Ajv validator compiled on its first call instead of up front. Compiling every route's
 * schemas was half of the server's own start-up work (docs/testing.md, "Lazy validators"),
 * paid again on every dev reload and every pod start; each one is now paid once, by the
 * first request that needs it. `errors` mirrors Ajv's, as Fastify reads it.
 */
function lazily(ajv: Ajv, schema: object): ValidateFunction {
  let validate: ValidateFunction | undefined
  const lazy = ((data: unknown) => {
    validate ??= ajv.compile(schema)
    const valid = validate(data)
    lazy.errors = validate.errors
    return valid
  }) as ValidateFunction
  return lazy
}

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  lazily(httpPart === 'body' ? strict : coercing, schema) as ReturnType<FastifySchemaCompiler<object>>

// A model's tool arguments are JSON but often loosely typed ("3" for 3), so they are
// coerced like a query string; anything still wrong is described for the model to fix, in
// words the assistant can pass on to the user (verbose: the errors carry the value).
const modelArguments = makeAjv({ coerceTypes: true, allErrors: true, verbose: true })

/**
 * One Ajv error as the field it concerns ("due_date", "items.0.title", or "" for the whole
 * value) and what is wrong with it, worded for a person: the API's 400s and the tool
 * results the model reads both say it this way.
 */
export function describeAjvError(error: ErrorObject): { field: string; problem: string } {
  const params = error.params as Record<string, unknown>
  const path = error.instancePath.split('/').filter(Boolean)
  let problem = error.message ?? 'is invalid'
  if (typeof params.missingProperty === 'string') {
    path.push(params.missingProperty)
    problem = 'is required'
  } else if (typeof params.additionalProperty === 'string') {
    path.push(params.additionalProperty)
    problem = 'is not a known field'
  } else if (Array.isArray(params.allowedValues)) {
    problem = `must be one of ${params.allowedValues.join(', ')}`
  } else if (params.pattern === PLAIN_TEXT_PATTERN) {
    problem = 'must not contain control characters (tabs and line breaks are fine)'
  }
  return { field: path.join('.'), problem }
}

/** Fields as a person names them when saying their limit. */
const PLURALS: Record<string, string> = { title: 'titles', description: 'descriptions' }

/**
 * One tool argument's problem as the assistant may say it to the user: "titles can be up to
 * 200 characters; this one has 319", "the title can't be empty".
 */
function sayAjvError(error: ErrorObject): string {
  const { field, problem } = describeAjvError(error)
  const name = (field.split('.').at(-1) ?? '').replace(/_/g, ' ') || 'request'
  const limit = Number((error.params as { limit?: number }).limit)
  if (error.keyword === 'maxLength' && typeof error.data === 'string') {
    return `${PLURALS[name] ?? `the ${name}`} can be up to ${limit.toLocaleString('en')} characters; this one has ${error.data.length.toLocaleString('en')}`
  }
  if (error.keyword === 'minLength' && limit === 1) return `the ${name} can't be empty`
  return `the ${name} ${problem.replace('must NOT have more than', 'can have at most').replace('must NOT have fewer than', 'needs at least')}`
}

/** Returns a validator that answers undefined when the value is valid, else what is wrong. */
export function compileModelArguments(schema: object): (value: unknown) => string | undefined {
  const validate = lazily(modelArguments, schema)
  return (value) => {
    if (validate(value)) return undefined
    return (validate.errors ?? []).map(sayAjvError).join('; ')
  }
}
