// Page cursors of the task lists: opaque to clients, checked when they come back.
import type { TaskSort } from './tasks.schema.js'

// Cursors are opaque to clients: base64url JSON of the last row's position in its order.
export type LiveCursor = { c: 0 | 1; k?: string | number; n: number }
export type TrashCursor = { d: string; n: number }

/** A cursor this list did not give out (errors.ts answers it with 400). */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError'
  readonly code = 'INVALID_CURSOR'
  constructor() {
    super('cursor is not one this list gave out; start again without it')
  }
}

export const encodeCursor = (cursor: LiveCursor | TrashCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url')

export function decodeCursor<T extends LiveCursor | TrashCursor>(text: string | undefined, valid: (value: any) => boolean): T | undefined {
  if (text === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    value = undefined
  }
  if (typeof value !== 'object' || value === null || !valid(value)) {
    throw new InvalidCursorError()
  }
  return value as T
}

const isNumber = (n: unknown) => Number.isInteger(n) && (n as number) > 0
export const validLive = (sort: TaskSort) => (v: any) =>
  (v.c === 0 || v.c === 1) && isNumber(v.n) && (sort === 'created' || typeof v.k === (sort === 'due' ? 'string' : 'number'))
export const validTrash = (v: any) => typeof v.d === 'string' && isNumber(v.n)
