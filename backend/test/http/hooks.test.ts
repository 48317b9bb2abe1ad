// Per-request hooks in Fastify's callback form (http/hooks.ts): a check that throws, or whose
// promise rejects, refuses the request, with or without a reason; one that passes lets it on.
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { callbackHook } from '../../src/http/hooks.js'

async function appWith(check: Parameters<typeof callbackHook>[0]) {
  const app = Fastify()
  onTestFinished(() => app.close())
  app.addHook('onRequest', callbackHook(check))
  app.get('/', async () => ({ reached: true }))
  return app
}

describe('callbackHook', () => {
  it('lets a request on when the check passes, at once or after waiting', async () => {
    for (const check of [() => {}, () => Promise.resolve()]) {
      const app = await appWith(check)
      expect((await app.inject('/')).json()).toEqual({ reached: true })
    }
  })

  it('refuses the request when the check throws or rejects, even without a reason', async () => {
    const refusals = [
      () => {
        throw new Error('no')
      },
      () => Promise.reject(new Error('no')),
      () => Promise.reject(undefined),
      () => Promise.reject(null),
    ]
    for (const check of refusals) {
      const app = await appWith(check)
      const res = await app.inject('/')
      expect(res.statusCode).toBe(500)
      expect(res.body).not.toContain('reached')
    }
  })
})
