// The process entry point: reads config, listens, and drains on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { runMain } from './cli.js'
import { ConfigError, loadConfig, type Config } from './config.js'

/**
 * JSON lines by default (LOG_FORMAT=json, the runtime image); with LOG_FORMAT=pretty (npm run
 * dev, the dev image) plain lines through pino-pretty, errors with their stack. pino-pretty
 * is a dev dependency: the runtime image leaves it out, so asking for it there is a
 * configuration error rather than a crash inside the logger.
 */
function loggerOptions(config: Config) {
  if (config.logFormat === 'json') return { level: config.logLevel }
  try {
    import.meta.resolve('pino-pretty')
  } catch {
    throw new ConfigError('LOG_FORMAT', 'pretty needs the pino-pretty package, which only the dev install has; use json')
  }
  return {
    level: config.logLevel,
    transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname,reqId' } },
  }
}

/**
 * SIGTERM or SIGINT (or an uncaught error): readiness turns 503 at once so no new traffic is
 * routed here, app.close() stops accepting and waits for in-flight requests (then closes the
 * database), and the process exits 0, or 1 after an error or past SHUTDOWN_GRACE_MS.
 * close-with-grace owns the signal handlers, the timer and the exit codes; a second signal
 * while draining exits 1 at once (a person pressing Ctrl-C again wants out).
 */
function drainOnSignals(app: FastifyInstance, graceMs: number): void {
  closeWithGrace(
    {
      delay: graceMs,
      logger: app.log,
      onTimeout: () => app.log.error({ graceMs }, 'in-flight requests did not finish within SHUTDOWN_GRACE_MS; exiting'),
    },
    async ({ signal, err }) => {
      app.draining = true
      if (err) app.log.error({ err }, 'uncaught error: draining, then exiting 1')
      else app.log.info({ signal, graceMs }, 'draining: readiness is 503, finishing in-flight requests')
      await app.close() // stops accepting, waits for in-flight requests, closes the database
      app.log.info('stopped cleanly')
    },
  )
}

async function main(): Promise<void> {
  const config = loadConfig()
  const app = await buildApp({ ...config, logger: loggerOptions(config) })
  drainOnSignals(app, config.shutdownGraceMs)
  await app.listen({ port: config.port, host: config.host })
}

runMain('Start', main)
