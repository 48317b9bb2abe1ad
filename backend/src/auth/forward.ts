// Our /api/auth routes validate a request by schema, then hand it to Better Auth's own
// endpoint: shown only the request's one credential (session-cache.ts), the client address
// the app believes (TRUST_PROXY) under a header Better Auth is told to read, and nothing a
// client could use to choose that address.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { HttpError } from '../errors.js'
import { CLIENT_ADDRESS_HEADER, type Auth } from './auth.js'
import { credentialOf, headersFor } from './session-cache.js'

/** Better Auth's error codes, turned into statuses and messages that say what to do. */
function authError(status: number, body: { code?: string; message?: string } | null): HttpError {
  const code = body?.code ?? ''
  if (code.startsWith('USER_ALREADY_EXISTS')) {
    return new HttpError(409, 'EMAIL_TAKEN', 'An account with this email already exists; sign in instead')
  }
  if (code === 'INVALID_EMAIL_OR_PASSWORD') {
    return new HttpError(401, 'INVALID_CREDENTIALS', 'Wrong email or password')
  }
  if (code === 'INVALID_PASSWORD') return new HttpError(400, 'WRONG_PASSWORD', 'The password is wrong')
  if (status >= 500) throw new Error(`auth handler failed with ${status}: ${code} ${body?.message ?? ''}`)
  return new HttpError(status, code || 'BAD_REQUEST', body?.message ?? 'The request was rejected')
}

/** Returns forward(request, reply, body?, path?): Better Auth's answer, its cookies copied back. */
export function authForwarder(auth: Auth) {
  return async function forward(request: FastifyRequest, reply: FastifyReply, body?: unknown, path = request.url): Promise<any> {
    const headers = headersFor(request, credentialOf(request))
    headers.delete('content-length')
    headers.set(CLIENT_ADDRESS_HEADER, request.ip)
    if (body !== undefined) headers.set('content-type', 'application/json')
    const response = await auth.handler(
      new Request(new URL(path, `${request.protocol}://${request.host}`), {
        method: body === undefined ? request.method : 'POST',
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    )
    const cookies = response.headers.getSetCookie()
    if (cookies.length > 0) {
      const secure = request.protocol === 'https'
      reply.header('set-cookie', secure ? cookies.map((c) => `${c}; Secure`) : cookies)
    }
    const text = await response.text()
    const data = text ? JSON.parse(text) : null
    if (!response.ok) throw authError(response.status, data)
    return data
  }
}
