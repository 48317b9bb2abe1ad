// LOG_FORMAT=pretty (npm run dev, the dev image): one plain line per request for a person
// watching a terminal, "GET /api/tasks 401 2.3 ms", and a failed request's error with its
// stack. Fastify's own request logging (an "incoming request" and a "request completed"
// object per request) stays what the JSON logs carry for collectors. Lines go through the
// reply's logger, so a route logged only at warn (/health, /ready, /metrics) writes none.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'

export class RequestLineLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = `${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`
    if (error) reply.log.error({ err: error }, line)
    else reply.log.info(line)
  }
}
