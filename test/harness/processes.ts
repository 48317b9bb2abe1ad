// Processes the tests start, and proof that none outlives the run. Every process a suite
// starts carries a marker in its environment (TODO_TEST_RUN, set by the global setup and
// inherited by whatever those processes start in turn); at the end, any process still
// carrying it is reported and killed, and the run fails. Processes are read from /proc on
// Linux and from ps elsewhere (macOS).
import { execFileSync, type ChildProcess } from 'node:child_process'
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

/** A live process as the leak check sees it: its group, state, command line and environment. */
export interface ProcessInfo {
  pid: number
  pgid: number
  /** ps's STAT / /proc's state: "Z" (first letter) is a zombie, already dead. */
  state: string
  command: string
  environment: string[]
}

/** Linux: /proc, exact (NUL-separated command line and environment). */
export function processesFromProc(): ProcessInfo[] {
  const found: ProcessInfo[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // /proc/PID/stat: "pid (comm) state ppid pgrp ...", comm may hold spaces and parentheses.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const [state = '', , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      let environment: string[] = []
      try {
        environment = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0')
      } catch {
        // not ours to read: it cannot carry our marker either
      }
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim()
      found.push({ pid: Number(entry), pgid: Number(pgrp), state, command, environment })
    } catch {
      // gone
    }
  }
  return found
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*=/

/**
 * macOS and the BSDs (no /proc): `ps axeww` prints each command line followed by its
 * environment, space-separated, for the user's own processes. The environment starts at
 * the first NAME=value word after the command, close enough to tell a leaked server from
 * vitest's own workers.
 */
export function processesFromPs(): ProcessInfo[] {
  const groups = new Map<number, number>()
  for (const line of execFileSync('ps', ['-A', '-o', 'pid=,pgid='], { encoding: 'utf8' }).split('\n')) {
    const [pid, pgid] = line.trim().split(/\s+/).map(Number)
    if (pid !== undefined && pgid !== undefined) groups.set(pid, pgid)
  }
  const found: ProcessInfo[] = []
  const listing = execFileSync('ps', ['axeww', '-o', 'pid=,ppid=,stat=,command='], { encoding: 'utf8', maxBuffer: 64 << 20 })
  for (const line of listing.split('\n')) {
    const [pid, ppid, state, ...words] = line.trim().split(/\s+/)
    if (!pid || !state || !/^\d+$/.test(pid)) continue
    const at = words.findIndex((word, i) => i > 0 && VARIABLE.test(word))
    const command = (at < 0 ? words : words.slice(0, at)).join(' ')
    if (Number(ppid) === process.pid && words[0] === 'ps') continue // this listing itself
    const environment = at < 0 ? [] : words.slice(at)
    found.push({ pid: Number(pid), pgid: groups.get(Number(pid)) ?? -1, state, command, environment })
  }
  return found
}

/** /proc where there is one (Linux), else ps (macOS). */
export function liveProcesses(): ProcessInfo[] {
  return fs.existsSync('/proc/self/stat') ? processesFromProc() : processesFromPs()
}

/** Live processes whose environment carries this run's marker, except the given ones. */
export function markedProcesses(run: string, except: Set<number>, processes = liveProcesses()): { pid: number; command: string }[] {
  return processes
    .filter((p) => !except.has(p.pid) && !p.state.startsWith('Z') && p.environment.includes(`${MARKER}=${run}`))
    .map(({ pid, command }) => ({ pid, command }))
}

/** Whether any live process (zombies aside) is still in the process group `pgid`. */
export function groupAlive(pgid: number): boolean {
  return liveProcesses().some((p) => p.pgid === pgid && !p.state.startsWith('Z'))
}
