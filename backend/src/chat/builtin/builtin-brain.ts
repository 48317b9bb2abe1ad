// The built-in assistant: the default when no OPENAI_API_KEY is set. Deterministic, offline,
// instant; it calls the same tools as the OpenAI brain, so its turns show the same tool_calls.
import type { Brain, TurnInput, TurnOutput } from '../brain.js'
import type { ToolCallRecord } from '../chat.schema.js'
import { runTool, type TaskChange, type ToolContext } from '../tools.js'
import { parseIntent, type Intent, type Target } from './intent.js'
import { bestMatches, type Titled } from './match.js'
import * as repo from '../../tasks/tasks.repository.js'

export const HELP_TEXT = [
  'I can manage your tasks. Try:',
  '• "Add a task to buy groceries" (add "high priority", "due tomorrow")',
  '• "Show my tasks", "What\'s pending?", "What have I completed?"',
  '• "Mark task 3 as complete" or "I finished the groceries one"',
  '• "Delete the meeting task" or "Remove task 2"',
  '• "Change task 1 to Call mom tonight" or "Rename the bills task to pay rent"',
].join('\n')

interface ListedTask extends Titled {
  priority: string
  due_date: string | null
}

const quote = (title: string) => `"${title}"`
const describe = (t: { id: number; title: string }) => `#${t.id} ${quote(t.title)}`

function detailsOf(t: { priority?: string; due_date?: string | null }): string {
  const parts = []
  if (t.priority && t.priority !== 'medium') parts.push(`${t.priority} priority`)
  if (t.due_date) parts.push(`due ${t.due_date}`)
  return parts.length ? ` (${parts.join(', ')})` : ''
}

class Turn {
  readonly toolCalls: ToolCallRecord[] = []
  constructor(
    private readonly input: TurnInput,
  ) {}

  get ctx(): ToolContext {
    return this.input.ctx
  }

  /** Runs a tool exactly as the OpenAI brain would, recording and streaming the call. */
  async call(name: string, args: Record<string, unknown>): Promise<any> {
    const { arguments: validated, result } = await runTool(name, args, this.ctx)
    const record = { name, arguments: validated, result }
    this.toolCalls.push(record)
    this.input.events.onToolCall?.(record)
    return result
  }

  /** Finds the one task a target names, or says why it cannot. */
  async resolve(target: Target, preferPending: boolean): Promise<{ task?: ListedTask; reply?: string }> {
    if ('id' in target) {
      const task = await repo.getTask(this.ctx.db, this.ctx.userId, target.id)
      return task ? { task } : { reply: `There is no task #${target.id}. Say "show my tasks" to see their numbers.` }
    }
    const { items } = await repo.listTasks(this.ctx.db, this.ctx.userId, { limit: 100 })
    const matches = bestMatches(target.text, items, preferPending)
    if (matches.length === 1) return { task: matches[0] }
    if (matches.length === 0) {
      return { reply: `I couldn't find a task matching ${quote(target.text)}. Say "show my tasks" to see them.` }
    }
    const options = matches.slice(0, 5).map(describe).join(', ')
    return { reply: `Which one do you mean: ${options}? Say it with its number, e.g. "task ${matches[0]!.id}".` }
  }
}

async function act(intent: Intent, turn: Turn): Promise<string> {
  switch (intent.kind) {
    case 'help':
      return HELP_TEXT
    case 'unknown':
      return `Sorry, I didn't understand that.\n${HELP_TEXT}`
    case 'add': {
      const { kind: _, ...args } = intent
      const result = await turn.call('add_task', args)
      if (result.error) return `I couldn't add that task: ${result.error}.`
      return `✓ Added ${quote(result.title)} as task #${result.task_id}${detailsOf(intent)}.`
    }
    case 'list': {
      const result = await turn.call('list_tasks', { status: intent.status })
      const tasks = result.tasks as ListedTask[]
      const kind = intent.status === 'all' ? '' : `${intent.status} `
      if (tasks.length === 0) {
        return intent.status === 'completed' ? 'You have not completed any tasks yet.' : `You have no ${kind}tasks.`
      }
      const lines = tasks.map((t) => `${t.completed ? '✓' : '•'} ${describe(t)}${detailsOf(t)}`)
      return `You have ${tasks.length} ${kind}task${tasks.length === 1 ? '' : 's'}:\n${lines.join('\n')}`
    }
    case 'complete': {
      const { task, reply } = await turn.resolve(intent.target, true)
      if (!task) return reply!
      const result: TaskChange = await turn.call('complete_task', { task_id: task.id })
      return task.completed
        ? `${describe(task)} was already complete.`
        : `✓ Marked ${quote(result.title)} (#${result.task_id}) as complete.`
    }
    case 'delete': {
      const { task, reply } = await turn.resolve(intent.target, false)
      if (!task) return reply!
      const result: TaskChange = await turn.call('delete_task', { task_id: task.id })
      return `✓ Deleted ${quote(result.title)} (#${result.task_id}).`
    }
    case 'update': {
      const { task, reply } = await turn.resolve(intent.target, false)
      if (!task) return reply!
      const result = await turn.call('update_task', { task_id: task.id, ...intent.changes })
      if (result.error) return `I couldn't change ${describe(task)}: ${result.error}.`
      const { title, priority, due_date, description } = intent.changes
      if (title !== undefined) return `✓ Renamed #${task.id} from ${quote(task.title)} to ${quote(result.title)}.`
      if (priority) return `✓ Set the priority of ${describe(task)} to ${priority}.`
      if (description !== undefined) return `✓ Updated the description of ${describe(task)}.`
      return due_date ? `✓ ${describe(task)} is now due ${due_date}.` : `✓ Removed the due date of ${describe(task)}.`
    }
  }
}

/** Streams a finished reply word by word, so both brains stream the same way. */
function stream(text: string, onDelta: ((text: string) => void) | undefined): void {
  if (!onDelta) return
  for (const piece of text.match(/\S+\s*|\s+/g) ?? []) onDelta(piece)
}

export function createBuiltinBrain(): Brain {
  return {
    mode: 'builtin',
    model: null,
    async respond(input: TurnInput): Promise<TurnOutput> {
      const turn = new Turn(input)
      const intent = parseIntent(input.message, input.now)
      input.log.debug({ intent }, 'built-in assistant: intent')
      const response = await act(intent, turn)
      stream(response, input.events.onDelta)
      return { response, toolCalls: turn.toolCalls }
    },
  }
}
