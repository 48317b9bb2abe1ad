// Processes the tests start, and proof that none outlives the run. Every process a suite
// starts carries a marker in its environment (TODO_TEST_RUN, set by the global setup and
// inherited by whatever those processes start in turn); at the end, any process still
// carrying it is reported and killed, and the run fails.
import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'

export const MARKER = 'TODO_TEST_RUN'

/** The marker to pass in a child's environment when it is built from scratch. */
export function leakMarker(): Record<string, string> {
  const value = process.env[MARKER]
  return value ? { [MARKER]: value } : {}
}

/** Stops a process started with `detached: true` together with everything it started. */
export async function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.pid === undefined) return
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r))
  try {
    process.kill(-child.pid, signal)
  } catch {
    return // the group is gone already
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // gone
    }
  }, 5000)
  await exited
  clearTimeout(timer)
  // The leader is gone; make sure the rest of its group is too.
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // gone
  }
}

/** Live processes whose environment carries this run's marker, except the given ones. */
export function markedProcesses(run: string, except: Set<number>): { pid: number; command: string }[] {
  const found = []
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid) || except.has(pid)) continue
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8')
      if (!environ.split('\0').includes(`${MARKER}=${run}`)) continue
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (/\) Z /.test(stat)) continue // a zombie is already dead
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
      found.push({ pid, command })
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}

/** Whether any live process (zombies aside) is still in the process group `pgid`. */
export function groupAlive(pgid: number): boolean {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // /proc/PID/stat: "pid (comm) state ppid pgrp ...", comm may hold spaces and parentheses.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(pgrp) === pgid && state !== 'Z') return true
    } catch {
      // gone
    }
  }
  return false
}
