// The API's JSON shapes, as the backend's schemas define them (backend/src/**/*.schema.ts).

export type Priority = 'low' | 'medium' | 'high'
export type TaskFilter = 'all' | 'pending' | 'completed'

export interface Task {
  id: number
  title: string
  description: string | null
  completed: boolean
  priority: Priority
  due_date: string | null
  created_at: string
  updated_at: string
}

export interface NewTask {
  title: string
  description?: string | null
  priority?: Priority
  due_date?: string | null
}

export type TaskPatch = Partial<NewTask & { completed: boolean }>

export interface User {
  id: string
  email: string
  name: string
}

export interface ToolCall {
  name: string
  arguments: Record<string, unknown>
  result: unknown
}

export interface ChatReply {
  conversation_id: number
  response: string
  tool_calls: ToolCall[]
}

export interface Conversation {
  id: number
  title: string | null
  created_at: string
  updated_at: string
}

export interface ChatMessage {
  id: number
  role: 'user' | 'assistant' | 'tool'
  content: string
  tool_calls: ToolCall[] | null
  created_at: string
}

export interface ChatInfo {
  mode: 'builtin' | 'openai'
  model: string | null
}
