// Cross-site request forgery: a browser attaches the session cookie to a request another
// site makes (a form post, a fetch with no body), so a state-changing request that would be
// authenticated by the cookie must come from the app's own origin or one listed in
// CORS_ORIGINS. A request authenticated by a bearer token is not affected: no browser adds
// an Authorization header on another site's behalf.
import type { FastifyRequest } from 'fastify'
import { HttpError } from '../errors.js'
import { bearerOf } from './session-cache.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The origin this request was made to, as the browser sees it (scheme, host and port). */
export const ownOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`

/**
 * Refuses a cookie-borne (or credential-less) POST, PUT, PATCH or DELETE whose Origin is
 * another site, or which has no Origin but a Sec-Fetch-Site saying it came from elsewhere.
 * Requests without either header (curl, scripts, tests) are not browsers' and pass.
 * `allowed` is CORS_ORIGINS; "*" there opens CORS to bearer-token clients, not to cookies.
 */
export function checkOrigin(request: FastifyRequest, allowed: readonly string[]): void {
  if (SAFE_METHODS.has(request.method) || bearerOf(request.headers.authorization)) return
  const origin = request.headers.origin
  if (origin !== undefined) {
    if (origin === ownOrigin(request) || allowed.includes(origin)) return
    throw new HttpError(
      403,
      'CROSS_ORIGIN_REFUSED',
      `Requests from ${origin === 'null' ? 'an opaque origin' : origin} may not change data with this session; ` +
        'use the app itself, or a bearer token (add the origin to CORS_ORIGINS to allow it)',
    )
  }
  const site = request.headers['sec-fetch-site']
  if (site === 'cross-site' || site === 'same-site') {
    throw new HttpError(403, 'CROSS_ORIGIN_REFUSED', 'Requests from another site may not change data with this session')
  }
}
