// The process entry point: reads config, listens, and drains on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { runMain } from './cli.js'
import { loadConfig, type Config } from './config.js'

function loggerOptions(config: Config) {
  // Pretty, human-readable lines only when a person is watching a terminal; JSON otherwise.
  const pretty = process.stdout.isTTY
  return {
    level: config.logLevel,
    ...(pretty && { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }),
  }
}

function drainOnSignals(app: FastifyInstance, graceMs: number): void {
  let stopping = false
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    app.draining = true
    app.log.info({ signal, graceMs }, 'draining: readiness is 503, finishing in-flight requests')
    const timer = setTimeout(() => {
      app.log.error({ graceMs }, 'in-flight requests did not finish within SHUTDOWN_GRACE_MS; exiting')
      process.exit(1)
    }, graceMs)
    timer.unref()
    try {
      await app.close() // stops accepting, waits for in-flight requests, closes the database
      app.log.info('stopped cleanly')
      process.exit(0)
    } catch (err) {
      app.log.error({ err }, 'error while stopping')
      process.exit(1)
    }
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

async function main(): Promise<void> {
  const config = loadConfig()
  const app = await buildApp({ ...config, logger: loggerOptions(config) })
  drainOnSignals(app, config.shutdownGraceMs)
  await app.listen({ port: config.port, host: config.host })
}

runMain('Start', main)
