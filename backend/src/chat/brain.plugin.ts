// Which brain answers chat: the OpenAI one when an API key is configured, else the built-in
// one. Shared as `app.brain`. The OpenAI SDK is loaded only when a key asks for it, so the
// built-in brain starts faster.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { DEFAULT_OPENAI_MODEL } from '../defaults.js'
import type { Brain } from './brain.js'
import { createBuiltinBrain } from './builtin/builtin-brain.js'

declare module 'fastify' {
  interface FastifyInstance {
    brain: Brain
  }
}

export interface BrainPluginOptions {
  /** With an API key the OpenAI brain answers; without, the built-in one. */
  openai?: {
    apiKey: string | undefined
    baseUrl?: string | undefined
    model?: string
    timeoutMs?: number
    maxRetries?: number
  }
}

export async function chooseBrain(openai: BrainPluginOptions['openai']): Promise<Brain> {
  if (!openai?.apiKey) return createBuiltinBrain()
  const { createOpenAiBrain } = await import('./openai-brain.js')
  return createOpenAiBrain({ ...openai, apiKey: openai.apiKey, baseUrl: openai.baseUrl, model: openai.model ?? DEFAULT_OPENAI_MODEL })
}

const brainPlugin: FastifyPluginAsync<BrainPluginOptions> = async (app, { openai }) => {
  const brain = await chooseBrain(openai)
  app.decorate('brain', brain)
  app.log.info({ mode: brain.mode, model: brain.model }, 'chat assistant ready')
}

export default fp(brainPlugin, { name: 'brain' })
