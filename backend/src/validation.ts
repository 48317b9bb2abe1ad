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
// coerced like a query string; anything still wrong is described for the model to fix.
const modelArguments = makeAjv({ coerceTypes: true, allErrors: true })

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

/** Returns a validator that answers undefined when the value is valid, else what is wrong. */
export function compileModelArguments(schema: object): (value: unknown) => string | undefined {
  const validate = lazily(modelArguments, schema)
  return (value) => {
    if (validate(value)) return undefined
    return (validate.errors ?? [])
      .map(describeAjvError)
      .map(({ field, problem }) => `${field || 'arguments'} ${problem}`)
      .join('; ')
  }
}
