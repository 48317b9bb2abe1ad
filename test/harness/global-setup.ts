// The system suites' global setup: marks every process this run starts (see processes.ts)
// and, at the end, fails the run if any of them is still alive, after killing it.
import { randomBytes } from 'node:crypto'
import { MARKER, markedProcesses } from './processes.js'

export function setup(): () => void {
  const run = process.env[MARKER] ?? randomBytes(6).toString('hex')
  process.env[MARKER] = run
  return () => {
    // Vitest's own processes (this one, its workers) carry the marker too.
    const leftovers = markedProcesses(run, new Set([process.pid])).filter((p) => !/vitest|esbuild --service/.test(p.command))
    for (const p of leftovers) {
      try {
        process.kill(p.pid, 'SIGKILL')
      } catch {
        // gone meanwhile
      }
    }
    if (leftovers.length > 0) {
      // Vitest reports an error thrown here but keeps its exit code; this one fails the run.
      process.exitCode = 1
      throw new Error(`tests left ${leftovers.length} process(es) running (now killed):\n${leftovers.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`)
    }
    console.log('no test left a process behind')
  }
}
