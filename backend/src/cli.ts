import { CONFIG_EXIT_CODE, ConfigError } from './config.js'

/**
 * Runs a command-line entry point: a configuration error becomes one line naming the
 * variable and exit code 78; any other failure one line and exit code 1. Never a stack trace.
 */
export function runMain(what: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`)
      process.exit(CONFIG_EXIT_CODE)
    }
    process.stderr.write(`${what} failed: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
