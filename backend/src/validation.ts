import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

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

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema) as ReturnType<FastifySchemaCompiler<object>>

// A model's tool arguments are JSON but often loosely typed ("3" for 3), so they are
// coerced like a query string; anything still wrong is described for the model to fix.
const modelArguments = makeAjv({ coerceTypes: true, allErrors: true })

/** Returns a validator that answers undefined when the value is valid, else what is wrong. */
export function compileModelArguments(schema: object): (value: unknown) => string | undefined {
  const validate = modelArguments.compile(schema)
  return (value) => {
    if (validate(value)) return undefined
    return (validate.errors ?? [])
      .map((e) => {
        const field = [e.instancePath.replace(/^\//, '').replace(/\//g, '.'), (e.params as Record<string, unknown>).missingProperty ?? (e.params as Record<string, unknown>).additionalProperty]
          .filter(Boolean)
          .join('.')
        return `${field || 'arguments'} ${e.message ?? 'is invalid'}`
      })
      .join('; ')
  }
}
