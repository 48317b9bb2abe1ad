import type { FastifyBaseLogger } from 'fastify'
import type { Message, ToolCallRecord } from './chat.schema.js'
import type { ToolContext } from './tools.js'

/** Callbacks through which a turn streams: text as it is written, each tool call as it ran. */
export interface TurnEvents {
  onDelta?: (text: string) => void
  onToolCall?: (call: ToolCallRecord) => void
}

export interface TurnInput {
  /** Earlier messages of the conversation, oldest first (the new one is not among them). */
  history: Message[]
  message: string
  ctx: ToolContext
  log: FastifyBaseLogger
  events: TurnEvents
  /** What this conversation's brain kept after the last turn (JSON), if anything. */
  context?: unknown
}

export interface TurnOutput {
  response: string
  toolCalls: ToolCallRecord[]
  /** What to keep with the conversation for the next turn (JSON; stored, so any replica reads it). */
  context?: unknown
}

/** One tool layer, two brains: the built-in one and the OpenAI one. */
export interface Brain {
  mode: 'builtin' | 'openai'
  model: string | null
  respond(input: TurnInput): Promise<TurnOutput>
}

/** A failure of the model server, with a message a person understands and the status to answer. */
export class AiServiceError extends Error {
  /** Tool calls that already ran (and changed tasks) before the failure. */
  toolCalls: ToolCallRecord[] = []
  constructor(
    readonly statusCode: 502 | 503 | 504,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'AiServiceError'
  }
}
