// The hooks that run on every request are handed to Fastify in its callback form. An async
// hook costs a promise and its reactions per request, several per request in all, which
// showed on a route as small as the task list (docs/testing.md, "Hooks without promises").
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'

/**
 * A hook from a check that throws to refuse the request (Fastify answers the error as it
 * would an async hook's) and returns a promise only when it has to wait.
 */
export function callbackHook(check: (request: FastifyRequest, reply: FastifyReply) => void | PromiseLike<void>) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    let waiting: void | PromiseLike<void>
    try {
      waiting = check(request, reply)
    } catch (error) {
      return done(error as Error)
    }
    // A rejection without a reason still refuses the request, as Fastify's async hooks do.
    if (waiting) waiting.then(() => done(), (error: unknown) => done((error || new Error('a request check failed without a reason')) as Error))
    else done()
  }
}
