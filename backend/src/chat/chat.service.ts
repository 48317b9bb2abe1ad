// One chat turn, statelessly: the history comes from the database, the user's message is
// stored before the brain runs, the reply (with its tool calls and results) after. Any
// replica can answer the next turn.
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { notFound } from '../errors.js'
import { AiServiceError, type Brain, type TurnEvents } from './brain.js'
import type { ChatResponse, Conversation } from './chat.schema.js'
import * as conversations from './conversations.repository.js'
import { nowIn } from '../language/dates.js'
import type { Quotas } from '../limits/quotas.js'

/** Messages of history sent to the brain: long conversations do not grow the prompt forever. */
export const HISTORY_LIMIT = 30

export interface ChatDeps {
  db: Kysely<Database>
  brain: Brain
  log: FastifyBaseLogger
  /** The user's IANA time zone (from the browser); the server's when absent or unknown. */
  timeZone?: string
  quotas: Quotas
}

export interface TurnResult extends ChatResponse {
  user_message_id: number
  assistant_message_id: number
}

/** The conversation a message goes to: the given one (404 if not the user's), or a new one. */
export async function openConversation(
  db: Kysely<Database>,
  userId: string,
  conversationId: number | undefined,
  message: string,
): Promise<Conversation> {
  if (conversationId === undefined) return conversations.createConversation(db, userId, conversations.titleFrom(message))
  const found = await conversations.getConversation(db, userId, conversationId)
  if (!found) throw notFound('Conversation')
  return found
}

export async function runTurn(
  deps: ChatDeps,
  userId: string,
  conversation: Conversation,
  message: string,
  events: TurnEvents & { onStart?: (ids: { conversation_id: number; user_message_id: number }) => void } = {},
): Promise<TurnResult> {
  const { db, brain, log } = deps
  const history = await conversations.listMessages(db, userId, conversation.id, HISTORY_LIMIT)
  const userMessage = await conversations.addMessage(db, userId, conversation.id, { role: 'user', content: message })
  events.onStart?.({ conversation_id: conversation.id, user_message_id: userMessage.id })

  let output
  try {
    const context = await conversations.getContext(db, userId, conversation.id)
    const real = new Date()
    const today = nowIn(deps.timeZone, real)
    const ctx = { db, userId, today, zoneShiftMs: today.getTime() - real.getTime(), quotas: deps.quotas }
    output = await brain.respond({ history, message, ctx, log, events, context })
  } catch (error) {
    // Tools that ran before the failure changed tasks for real: the record says so.
    if (error instanceof AiServiceError && error.toolCalls.length > 0) {
      await conversations.addMessage(db, userId, conversation.id, {
        role: 'assistant',
        content: `(The AI service failed before finishing: ${error.message})`,
        tool_calls: error.toolCalls,
      })
    }
    throw error
  }
  const reply = await conversations.addMessage(db, userId, conversation.id, {
    role: 'assistant',
    content: output.response,
    tool_calls: output.toolCalls,
  })
  await conversations.setContext(db, userId, conversation.id, output.context)
  return {
    conversation_id: conversation.id,
    response: output.response,
    tool_calls: output.toolCalls,
    user_message_id: userMessage.id,
    assistant_message_id: reply.id,
  }
}
