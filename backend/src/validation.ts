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
