// The leak check's two ways of listing processes: /proc (Linux) and ps (macOS, where there is
// no /proc). On Linux both run, so the ps reading is held to what /proc says.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { launch } from './launch.js'
import { groupAlive, MARKER, markedProcesses, processesFromProc, processesFromPs } from './processes.js'

const hasProc = fs.existsSync('/proc/self/stat')

describe('the leak check', () => {
  it('finds a marked process, with its command and group, and stops seeing it once it is gone', async () => {
    const run = process.env[MARKER]!
    const sleeper = launch(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { group: true })
    const pid = sleeper.child.pid!
    await new Promise((r) => setTimeout(r, 200))
    const readers = hasProc ? [processesFromProc, processesFromPs] : [processesFromPs]
    for (const read of readers) {
      const found = markedProcesses(run, new Set(), read()).find((p) => p.pid === pid)
      expect(found?.command, read.name).toMatch(/setTimeout\(\(\) => \{\}, 60_000\)/)
      expect(read().find((p) => p.pid === pid)?.pgid, read.name).toBe(pid) // launch() starts a group
    }
    expect(groupAlive(pid)).toBe(true)
    await sleeper.stop()
    for (const read of readers) expect(markedProcesses(run, new Set(), read()).map((p) => p.pid), read.name).not.toContain(pid)
    expect(groupAlive(pid)).toBe(false)
  })
})
