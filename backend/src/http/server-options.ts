// How the HTTP server treats clients before any route sees them: body and header limits,
// timeouts for slow or idle clients, which proxies are believed, and requests Node cannot
// parse. docs/api.md ("Slow clients", "Which proxies are believed") gives the figures and why.
import proxyAddr from '@fastify/proxy-addr'
import type { Server } from 'node:http'
import type { FastifyHttpOptions, FastifyServerOptions } from 'fastify'
import { DATABASE_STARTUP_WAIT_MS } from '../defaults.js'
import { clientErrorHandler } from '../errors.js'
import { RequestLineLogController } from './request-log.js'

/** 1 MiB: far above any legitimate task or chat message, small enough to refuse abuse. */
export const BODY_LIMIT = 1024 * 1024

/**
 * How long a client may take (ms). A slow or idle client cannot hold a connection open:
 * - headers: from the connection (or the previous response) to the end of the headers;
 * - request: to the end of the body;
 * - idle: a socket with no traffic either way (a chat turn lifts it; its stream sends a
 *   heartbeat, see chat/chat.routes.ts);
 * - keepAlive: an idle kept-alive connection between two requests.
 * nginx's client_header_timeout and client_body_timeout are set to match (frontend/nginx).
 */
export interface Timeouts {
  headers: number
  request: number
  idle: number
  keepAlive: number
}
export const DEFAULT_TIMEOUTS: Timeouts = { headers: 10_000, request: 30_000, idle: 30_000, keepAlive: 5_000 }

/**
 * Which proxies' X-Forwarded-For, -Host and -Proto are believed (TRUST_PROXY): none by
 * default, so a client reaching the backend directly (`npm start` on 0.0.0.0, a LAN peer)
 * cannot choose the address its sign-in attempts are counted under. The manifests and the
 * chart set one hop, nginx, which writes those headers itself (frontend/nginx). A number
 * is that many hops; a list names the proxies' addresses or ranges (proxy-addr's forms,
 * e.g. "10.0.0.0/8, loopback").
 */
export type TrustProxy = false | number | string[]

/** What Fastify takes for its trustProxy option; throws on an address proxy-addr cannot read. */
export function trustProxyOption(trust: TrustProxy): (address: string, hop: number) => boolean {
  if (trust === false) return () => false
  if (typeof trust === 'number') return (_address, hop) => hop < trust
  const trusted = proxyAddr.compile(trust)
  return (address, hop) => trusted(address, hop)
}

export function serverOptions(
  logger: FastifyServerOptions['logger'],
  overrides: Partial<Timeouts> = {},
  trustProxy: TrustProxy = false,
  /** pretty: one plain line per request (request-log.ts) instead of Fastify's two objects. */
  logFormat: 'json' | 'pretty' = 'json',
): FastifyHttpOptions<Server> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...overrides }
  return {
    logger: logger ?? false,
    ...(logFormat === 'pretty' && { logController: new RequestLineLogController() }),
    bodyLimit: BODY_LIMIT,
    requestIdHeader: 'x-request-id',
    // A plugin may take longer to start than Fastify's 10 s: the database plugin waits for
    // its server (db/database.plugin.ts) and for another replica's migrations. Still bounded,
    // so a plugin that never starts is named rather than waited on for ever.
    pluginTimeout: DATABASE_STARTUP_WAIT_MS + 30_000,
    trustProxy: trustProxyOption(trustProxy),
    connectionTimeout: timeouts.idle,
    requestTimeout: timeouts.request,
    keepAliveTimeout: timeouts.keepAlive,
    // Node checks the header and request deadlines on this interval (default 30 s).
    // A request without Host is answered by the app's own check (in the error shape), not
    // by Node's bare 400.
    http: { headersTimeout: timeouts.headers, connectionsCheckingInterval: Math.min(1000, timeouts.headers), requireHostHeader: false },
    clientErrorHandler,
  }
}
