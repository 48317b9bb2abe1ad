import type { Kysely } from 'kysely'
import type { ConversationRow, Database, MessageRole, MessageRow } from '../db/database.js'
import type { Conversation, Message, ToolCallRecord } from './chat.schema.js'

// As with tasks, every query is scoped by the owner: another user's conversation is
// indistinguishable from a missing one.

export const TITLE_LENGTH = 60

function toConversation(row: ConversationRow): Conversation {
  return { id: row.id, title: row.title, created_at: row.created_at, updated_at: row.updated_at }
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    tool_calls: row.tool_calls === null ? null : (JSON.parse(row.tool_calls) as ToolCallRecord[]),
    created_at: row.created_at,
  }
}

/** A title from the first message: its first line, cut at a word near 60 characters. */
export function titleFrom(message: string): string {
  const line = message.trim().split('\n')[0]!.replace(/\s+/g, ' ')
  if (line.length <= TITLE_LENGTH) return line
  const cut = line.slice(0, TITLE_LENGTH)
  const space = cut.lastIndexOf(' ')
  return `${space > TITLE_LENGTH / 2 ? cut.slice(0, space) : cut}…`
}

export async function createConversation(db: Kysely<Database>, userId: string, title: string): Promise<Conversation> {
  const now = new Date().toISOString()
  const row = await db
    .insertInto('conversations')
    .values({ user_id: userId, title, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toConversation(row)
}

export async function getConversation(
  db: Kysely<Database>,
  userId: string,
  id: number,
): Promise<Conversation | undefined> {
  const row = await db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row && toConversation(row)
}

/** Most recently active first. */
export async function listConversations(db: Kysely<Database>, userId: string, limit = 100): Promise<Conversation[]> {
  const rows = await db
    .selectFrom('conversations')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toConversation)
}

export async function deleteConversation(db: Kysely<Database>, userId: string, id: number): Promise<boolean> {
  // Messages go with it (ON DELETE CASCADE).
  const result = await db.deleteFrom('conversations').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export async function addMessage(
  db: Kysely<Database>,
  userId: string,
  conversationId: number,
  message: { role: MessageRole; content: string; tool_calls?: ToolCallRecord[] | null },
): Promise<Message> {
  const now = new Date().toISOString()
  const row = await db
    .insertInto('messages')
    .values({
      conversation_id: conversationId,
      user_id: userId,
      role: message.role,
      content: message.content,
      tool_calls: message.tool_calls?.length ? JSON.stringify(message.tool_calls) : null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await db
    .updateTable('conversations')
    .set({ updated_at: now })
    .where('id', '=', conversationId)
    .where('user_id', '=', userId)
    .execute()
  return toMessage(row)
}

/** All messages in order, or only the last `limit` of them (still in order). */
export async function listMessages(
  db: Kysely<Database>,
  userId: string,
  conversationId: number,
  limit?: number,
): Promise<Message[]> {
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
  if (limit !== undefined) query = query.limit(limit)
  const rows = await query.execute()
  return rows.reverse().map(toMessage)
}

/** What the assistant kept with a conversation after its last turn (parsed JSON), if anything. */
export async function getContext(db: Kysely<Database>, userId: string, id: number): Promise<unknown> {
  const row = await db
    .selectFrom('conversations')
    .select('context')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (!row?.context) return undefined
  try {
    return JSON.parse(row.context)
  } catch {
    return undefined
  }
}

export async function setContext(db: Kysely<Database>, userId: string, id: number, context: unknown): Promise<void> {
  await db
    .updateTable('conversations')
    .set({ context: context === undefined ? null : JSON.stringify(context) })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .execute()
}
