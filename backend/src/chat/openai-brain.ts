// The OpenAI brain: Chat Completions with tools through the openai SDK, against OpenAI or any
// compatible server (Ollama, LM Studio, vLLM). A bounded loop; tool errors go back to the
// model as tool results; the history comes from the database on every turn.
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai'
import type {
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions'
import { AiServiceError, type Brain, type TurnInput, type TurnOutput } from './brain.js'
import type { Message, ToolCallRecord } from './chat.schema.js'
import { isoDate } from '../lib/dates.js'
import { openAiTools, runTool } from './tools.js'

/** At most this many model calls per turn: a model that keeps calling tools is stopped. */
export const MAX_STEPS = 8

export interface OpenAiOptions {
  apiKey: string
  baseUrl: string | undefined
  model: string
  /** Per model call, retries included in neither; default 60 s. */
  timeoutMs?: number
  /** Retries of 429, 5xx and connection errors, with the SDK's backoff; default 2. */
  maxRetries?: number
}

export function systemPrompt(today: Date): string {
  return [
    'You are the assistant of a todo app. You manage the user’s tasks only through the tools.',
    `Today is ${isoDate(today)}. Dates are YYYY-MM-DD.`,
    'Rules:',
    '- Confirm every action you take in one short sentence, naming the task and its number.',
    '- Tasks are called by their number (task_number). Before deleting, completing or changing a task the user names by title, call find_tasks; act only on its `match`, and when it has none, ask which of the candidates they mean.',
    '- Deleted tasks go to the trash: restore_tasks undoes a delete. Ask before clear_completed.',
    '- If a task cannot be found, say so plainly; never pretend an action succeeded.',
    '- If a tool returns an error, fix the arguments and try again, or explain the problem.',
    '- Keep answers brief.',
  ].join('\n')
}

/** Stored messages → the Chat Completions shape, tool calls replayed with their results. */
export function toModelMessages(history: Message[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = []
  for (const message of history) {
    if (message.role === 'user') {
      out.push({ role: 'user', content: message.content })
    } else if (message.role === 'assistant') {
      const calls = message.tool_calls ?? []
      if (calls.length > 0) {
        const ids = calls.map((_, i) => `call_${message.id}_${i}`)
        out.push({
          role: 'assistant',
          content: null,
          tool_calls: calls.map((call, i) => ({
            id: ids[i]!,
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          })),
        })
        calls.forEach((call, i) => out.push({ role: 'tool', tool_call_id: ids[i]!, content: JSON.stringify(call.result) }))
      }
      if (message.content) out.push({ role: 'assistant', content: message.content })
    }
  }
  return out
}

function describeFailure(error: unknown, options: OpenAiOptions): AiServiceError {
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new AiServiceError(502, 'AI_AUTH', 'The AI service rejected the API key. Check OPENAI_API_KEY.')
  }
  if (error instanceof RateLimitError) {
    return new AiServiceError(
      503,
      'AI_RATE_LIMITED',
      'The AI service is rate-limiting requests or the account is out of quota; try again in a minute.',
    )
  }
  if (error instanceof NotFoundError) {
    return new AiServiceError(502, 'AI_MODEL', `The AI service does not offer the model "${options.model}". Check OPENAI_MODEL.`)
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new AiServiceError(504, 'AI_TIMEOUT', 'The AI service did not answer in time; try again.')
  }
  if (error instanceof APIConnectionError) {
    return new AiServiceError(503, 'AI_UNREACHABLE', 'The AI service cannot be reached; check OPENAI_BASE_URL and the network.')
  }
  if (error instanceof APIError && error.status !== undefined && error.status >= 500) {
    return new AiServiceError(502, 'AI_UNAVAILABLE', 'The AI service failed; try again shortly.')
  }
  if (error instanceof APIError) {
    return new AiServiceError(502, 'AI_REJECTED', `The AI service rejected the request (${error.status}).`)
  }
  return new AiServiceError(502, 'AI_BAD_RESPONSE', 'The AI service sent a response that could not be understood.')
}

interface StepReply {
  content: string
  toolCalls: ChatCompletionMessageFunctionToolCall[]
}

export function createOpenAiBrain(options: OpenAiOptions): Brain {
  // Every option is passed explicitly, so the SDK does not pick up OPENAI_* from the environment.
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    timeout: options.timeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 2,
    logLevel: 'off',
  })

  async function step(messages: ChatCompletionMessageParam[], onDelta?: (text: string) => void): Promise<StepReply> {
    const request = { model: options.model, messages, tools: openAiTools, tool_choice: 'auto' as const }
    if (!onDelta) {
      const completion = await client.chat.completions.create(request)
      const message = completion.choices?.[0]?.message
      if (!message) throw new TypeError('completion without a message')
      return {
        content: message.content ?? '',
        toolCalls: (message.tool_calls ?? []).filter((c) => c.type === 'function'),
      }
    }
    const stream = await client.chat.completions.create({ ...request, stream: true })
    let content = ''
    const calls: { id: string; name: string; arguments: string }[] = []
    for await (const chunk of stream) {
      const delta = chunk.choices?.[0]?.delta
      if (!delta) continue
      if (delta.content) {
        content += delta.content
        onDelta(delta.content)
      }
      for (const part of delta.tool_calls ?? []) {
        const call = (calls[part.index] ??= { id: '', name: '', arguments: '' })
        if (part.id) call.id = part.id
        if (part.function?.name) call.name += part.function.name
        if (part.function?.arguments) call.arguments += part.function.arguments
      }
    }
    return {
      content,
      toolCalls: calls
        .filter(Boolean)
        .map((c, i) => ({ id: c.id || `call_${i}`, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
    }
  }

  return {
    mode: 'openai',
    model: options.model,
    async respond({ history, message, ctx, log, events }: TurnInput): Promise<TurnOutput> {
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: systemPrompt(ctx.today) },
        ...toModelMessages(history),
        { role: 'user', content: message },
      ]
      const toolCalls: ToolCallRecord[] = []
      const texts: string[] = []
      for (let stepNumber = 1; stepNumber <= MAX_STEPS; stepNumber++) {
        let reply: StepReply
        try {
          if (texts.length > 0 && events.onDelta) events.onDelta('\n\n')
          reply = await step(messages, events.onDelta)
        } catch (error) {
          log.warn({ err: error, step: stepNumber }, 'chat: the AI service failed')
          const failure = describeFailure(error, options)
          failure.toolCalls = toolCalls
          throw failure
        }
        log.debug({ step: stepNumber, toolCalls: reply.toolCalls.map((c) => c.function.name) }, 'chat: model step')
        if (reply.content) texts.push(reply.content)
        if (reply.toolCalls.length === 0) return { response: texts.join('\n\n'), toolCalls }

        messages.push({ role: 'assistant', content: reply.content || null, tool_calls: reply.toolCalls })
        for (const call of reply.toolCalls) {
          const record = await runTool(call.function.name, call.function.arguments, ctx)
          log.debug({ tool: record.name, args: record.arguments, result: record.result }, 'chat: tool call')
          toolCalls.push(record)
          events.onToolCall?.(record)
          messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(record.result) })
        }
      }
      log.warn({ steps: MAX_STEPS }, 'chat: the model did not finish within the step limit')
      texts.push(`I stopped after ${MAX_STEPS} steps without finishing. Here is what I did so far; please check your tasks.`)
      return { response: texts.join('\n\n'), toolCalls }
    },
  }
}
