// The process entry point: reads config, listens, and drains on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { CONFIG_EXIT_CODE, ConfigError, loadConfig, type Config } from './config.js'

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
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`)
      process.exit(CONFIG_EXIT_CODE)
    }
    throw error
  }
  const app = await buildApp({ ...config, logger: loggerOptions(config) })
  drainOnSignals(app, config.shutdownGraceMs)
  await app.listen({ port: config.port, host: config.host })
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
