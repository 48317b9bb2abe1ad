// The host a request names (Host, or X-Forwarded-Host from a trusted proxy) and its scheme
// become the origin that sign-in's CSRF check and cookies are built on, so the host must be
// a name or address with an optional port, and the scheme http or https; anything else is
// a 400 before a route sees it. Node's own check for a missing Host is off
// (http/server-options.ts) so that case gets this answer too.
import type { FastifyRequest } from 'fastify'
import { HttpError } from '../errors.js'

// A name (letters, digits, "-", "_", "."), an IPv4 address, or a bracketed IPv6 address,
// then an optional port. The two parts share no character, so matching is linear.
const HOST = /^(?:[\w.-]+|\[[\d.:a-f]+\])(?::(\d{1,5}))?$/i

export function isValidHost(host: string | undefined): boolean {
  if (!host) return false
  const match = HOST.exec(host)
  if (!match || (match[1] !== undefined && Number(match[1]) > 65535)) return false
  try {
    new URL(`http://${host}`)
    return true
  } catch {
    return false
  }
}

export function checkHost(request: FastifyRequest): void {
  if (!isValidHost(request.host)) {
    throw new HttpError(400, 'BAD_HOST', 'The Host (or X-Forwarded-Host) header must be a host name or address, with an optional port')
  }
  // X-Forwarded-Proto from a trusted proxy becomes request.protocol: only these two make an origin.
  if (request.protocol !== 'http' && request.protocol !== 'https') {
    throw new HttpError(400, 'BAD_PROTOCOL', 'X-Forwarded-Proto must be http or https')
  }
}
