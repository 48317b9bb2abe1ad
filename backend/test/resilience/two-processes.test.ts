// Two processes on one SQLite file (two replicas on one node), mixed reads and writes:
// no errors, no lost writes. RESILIENCE_SECONDS long (8 s in npm test, 60 s from bench).
import { describe, expect, it } from 'vitest'
import { sqliteFile } from '../helper.js'
import { startServer } from '../server-process.js'
import { allTitles, createTask, signUpOver, SOAK_SECONDS } from './common.js'

describe('two processes sharing one SQLite file', () => {
  it(`serve mixed reads and writes for ${SOAK_SECONDS} s without an error or a lost write`, async () => {
    // Neither the write rate nor the quotas are measured here: one user writes all it can.
    const env = { DATABASE_URL: sqliteFile(), WRITE_RATE_LIMIT: '0', QUOTA_TASKS: '10000000', QUOTA_STORED_TASKS: '10000000', QUOTA_TEXT_MB: '100000' }
    const servers = await Promise.all([startServer(env), startServer(env)])
    const token = await signUpOver(servers[0]!.url)
    const deadline = Date.now() + SOAK_SECONDS * 1000
    const written: string[] = []
    const failures: string[] = []
    let reads = 0
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        const url = servers[w % 2]!.url
        for (let i = 0; Date.now() < deadline; i++) {
          if (w % 3 === 0) {
            const res = await fetch(`${url}/api/tasks?limit=50&status=pending`, { headers: { authorization: `Bearer ${token}` } })
            await res.arrayBuffer()
            if (res.status === 200) reads++
            else failures.push(`read ${res.status}`)
          } else {
            const title = `w${w}-${i}`
            const res = await createTask(url, token, title)
            await res.arrayBuffer()
            if (res.status === 201) written.push(title)
            else failures.push(`write ${res.status}`)
            if (i % 10 === 0) {
              const patch = await fetch(`${url}/api/tasks?limit=1`, { headers: { authorization: `Bearer ${token}` } })
              await patch.arrayBuffer()
            }
          }
        }
      }),
    )
    expect(failures).toEqual([])
    const titles = await allTitles(servers[1]!.url, token)
    expect(written.filter((t) => !titles.has(t))).toEqual([])
    console.log(`two processes: ${written.length} writes and ${reads} reads in ${SOAK_SECONDS} s, no error, none lost`)
  }, (SOAK_SECONDS + 60) * 1000) // the soak itself, plus start-up and the final check
})
