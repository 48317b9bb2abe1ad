// How the HTTP server treats clients before any route sees them: body and header limits,
// timeouts for slow or idle clients, which proxy hop is believed, and requests Node cannot
// parse. See README "Security" for the figures and why.
import proxyAddr from '@fastify/proxy-addr'
import type { Server } from 'node:http'
import type { FastifyHttpOptions, FastifyServerOptions } from 'fastify'
import { clientErrorHandler } from '../errors.js'

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
 * The one proxy hop whose X-Forwarded-For, -Host and -Proto are believed: the peer itself,
 * and only when it is on loopback or a private network (nginx in the pod network, Vite's
 * proxy on this machine). nginx sets those headers from what it saw, never passing a
 * client's own (frontend/nginx/default.conf.template), so the client address is the last
 * X-Forwarded-For entry and nothing further left is ever read.
 */
const privatePeer = proxyAddr.compile(['loopback', 'linklocal', 'uniquelocal'])
export const trustOneProxyHop = (address: string, hop: number) => hop === 0 && privatePeer(address, hop)

export function serverOptions(
  logger: FastifyServerOptions['logger'],
  overrides: Partial<Timeouts> = {},
): FastifyHttpOptions<Server> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...overrides }
  return {
    logger: logger ?? false,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: 'x-request-id',
    trustProxy: trustOneProxyHop,
    connectionTimeout: timeouts.idle,
    requestTimeout: timeouts.request,
    keepAliveTimeout: timeouts.keepAlive,
    // Node checks the header and request deadlines on this interval (default 30 s).
    http: { headersTimeout: timeouts.headers, connectionsCheckingInterval: Math.min(1000, timeouts.headers) },
    clientErrorHandler,
  }
}
