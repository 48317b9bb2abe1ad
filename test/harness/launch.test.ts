// The launcher every suite and the bench start processes with: it reports what a process
// printed when it fails to come up, never waits on a process that has exited, and passes
// the leak marker on.
import { describe, expect, it } from 'vitest'
import { launch, waitForOutput, waitForUrl } from './launch.js'
import { MARKER } from './processes.js'

const node = (code: string, env: Record<string, string> = {}) => launch(process.execPath, ['-e', code], { env })

describe('launch', () => {
  it('gives up on a URL as soon as the process exits, with what it printed', async () => {
    const proc = node("console.error('no port for me'); process.exit(3)")
    await expect(waitForUrl('http://127.0.0.1:9/never', { process: proc, intervalMs: 10 })).rejects.toThrow(/exited \(3\)[\s\S]*no port for me/)
  })

  it('waits for a line on either stream, and rejects if the process exits first', async () => {
    const talker = node("setTimeout(() => console.error('ready on 1234'), 100); setTimeout(() => {}, 5000)")
    const [, port] = await waitForOutput(talker, /ready on (\d+)/)
    expect(port).toBe('1234')
    await talker.stop()
    expect((await talker.exited).signal).toBe('SIGTERM')
    const quitter = node("console.log('bye')")
    await expect(waitForOutput(quitter, /ready/)).rejects.toThrow(/exited \(0\) before printing/)
  })

  it('passes only PATH, the leak marker and the given variables', async () => {
    process.env.SOME_DEVELOPER_SETTING = 'leaks?'
    const proc = node('console.log(JSON.stringify(process.env))', { GIVEN: 'yes' })
    await proc.exited
    const env = JSON.parse(proc.stdout()) as Record<string, string>
    delete process.env.SOME_DEVELOPER_SETTING
    expect(env.GIVEN).toBe('yes')
    expect(env.SOME_DEVELOPER_SETTING).toBeUndefined()
    expect(env[MARKER]).toBe(process.env[MARKER])
    expect(env.PATH).toBe(process.env.PATH)
  })
})
