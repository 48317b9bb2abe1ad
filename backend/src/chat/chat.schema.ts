import { Type, type Static } from 'typebox'
import { MESSAGE_MAX_LENGTH } from '../limits.schema.js'
import { PlainString } from '../text.schema.js'

export const ToolCallRecord = Type.Object({
  name: Type.String(),
  arguments: Type.Record(Type.String(), Type.Unknown()),
  result: Type.Unknown(),
  read_only: Type.Optional(
    Type.Boolean({ description: 'The tool only reads tasks (true for an unknown tool, which ran nothing); absent in turns stored before it was recorded' }),
  ),
})
export type ToolCallRecord = Static<typeof ToolCallRecord>

export const ChatRequest = Type.Object(
  {
    conversation_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    message: PlainString({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH }),
    time_zone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z0-9_+\\-]+(/[A-Za-z0-9_+\\-]+){0,2}$',
        description: 'The user\'s IANA time zone (e.g. "Europe/Lisbon"): "today", "tonight" and "this weekend" are read in it',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ChatRequest = Static<typeof ChatRequest>

export const ChatResponse = Type.Object({
  conversation_id: Type.Integer(),
  response: Type.String(),
  tool_calls: Type.Array(ToolCallRecord),
})
export type ChatResponse = Static<typeof ChatResponse>

export const ChatInfo = Type.Object({
  mode: Type.Enum(['builtin', 'openai']),
  model: Type.Union([Type.String(), Type.Null()]),
})
export type ChatInfo = Static<typeof ChatInfo>

export const Conversation = Type.Object({
  id: Type.Integer(),
  title: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String(),
})
export type Conversation = Static<typeof Conversation>

export const ConversationList = Type.Object({ items: Type.Array(Conversation) })
export type ConversationList = Static<typeof ConversationList>

export const Message = Type.Object({
  id: Type.Integer(),
  role: Type.Enum(['user', 'assistant', 'tool']),
  content: Type.String(),
  tool_calls: Type.Union([Type.Array(ToolCallRecord), Type.Null()]),
  created_at: Type.String(),
})
export type Message = Static<typeof Message>

export const MessageList = Type.Object({ items: Type.Array(Message) })
export type MessageList = Static<typeof MessageList>

export const ConversationParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })
