// The built-in assistant: the default when no OPENAI_API_KEY is set. Deterministic, offline,
// instant. It reads and changes tasks only through the tools the OpenAI brain uses, so its
// turns show the same tool_calls. It acts on a task only when the message names it by number
// or by words that fit exactly one task; otherwise it asks, and remembers the question (with
// the conversation, so any replica answers the next turn).
import type { Brain, TurnInput, TurnOutput } from '../brain.js'
import type { ToolCallRecord } from '../chat.schema.js'
import {
  isToolError,
  runTool,
  type TaskChange,
  type TaskSummary,
  type ToolArgs,
  type ToolName,
  type ToolResult,
} from '../tools.js'
import { parseIntent, type ActionKind, type Changes, type Intent, type ListFilters, type Target } from './intent.js'
import { meaningfulWords } from '../match.js'
import { speakDue } from '../../lib/when.js'

export const HELP_TEXT = [
  'I can manage your tasks. Try:',
  '• "Add call the plumber tomorrow !high" or "remind me to pay rent on friday"',
  '• "What\'s due this week?", "How many tasks do I have?", "Show the overdue ones"',
  '• "Mark task 3 as done", "I called the plumber", "reopen the passport one"',
  '• "Push the expense report to next week", "make the garage task high priority"',
  '• "Delete the groceries task" (then "undo that"), "clear all completed tasks"',
].join('\n')

/** What is kept with a conversation between turns. */
export interface Memory {
  /** The tasks shown last, in order: "the second one" is listed[1]. */
  listed?: number[]
  /** The task talked about last: "it". */
  last?: number
  /** A question waiting for an answer. */
  question?: Question
  /** The last change, so "undo that" can take it back. */
  undo?: Undo
}

type Question =
  | { about: 'which'; action: ActionKind; changes?: Changes; candidates: number[] }
  | { about: 'clear_completed' }
  | { about: 'add'; task: ToolArgs<'add_task'> }

type Undo =
  | { restore: number[] }
  | { reopen: number }
  | { complete: number }
  | { remove: number }
  | { revert: number; fields: Changes }

const LIST_LIMIT = 20

const quote = (title: string) => `"${title}"`
const name = (t: { number: number; title: string }) => `#${t.number} ${quote(t.title)}`

function memoryOf(value: unknown): Memory {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Memory) : {}
}

class Turn {
  readonly toolCalls: ToolCallRecord[] = []
  /** What the next turn will remember; starts from the last turn's, minus its question. */
  readonly memory: Memory

  constructor(private readonly input: TurnInput) {
    const { question: _, ...rest } = memoryOf(input.context)
    this.memory = rest
  }

  get today(): Date {
    return this.input.ctx.today
  }

  /** Runs a tool exactly as the OpenAI brain would, recording and streaming the call. */
  async call<N extends ToolName>(tool: N, args: ToolArgs<N>): Promise<ToolResult<N>> {
    const { arguments: validated, result } = await runTool(tool, args as Record<string, unknown>, this.input.ctx)
    const record = { name: tool, arguments: validated, result }
    this.toolCalls.push(record)
    this.input.events.onToolCall?.(record)
    return result as ToolResult<N>
  }

  describe(t: TaskSummary): string {
    const parts = []
    if (t.priority !== 'medium') parts.push(`${t.priority} priority`)
    if (t.due_date) parts.push(speakDue(t.due_date, this.today, t.completed))
    return `${t.completed ? '✓' : '•'} ${name(t)}${parts.length ? ` — ${parts.join(', ')}` : ''}`
  }

  ask(question: Question, text: string): string {
    this.memory.question = question
    return text
  }

  /**
   * The one task a target names, or the reply that asks which (never a guess). Numbers and
   * positions are read with get_task; words with find_tasks, which says when it is sure.
   */
  async resolve(target: Target, action: ActionKind, changes?: Changes): Promise<TaskSummary | string> {
    const previous = memoryOf(this.input.context).question
    if ('ref' in target) {
      if (previous?.about === 'which') {
        if (previous.candidates.length === 1) return this.byNumber(previous.candidates[0]!)
        return this.askWhich(action, changes, await this.summaries(previous.candidates))
      }
      if (this.memory.last === undefined) return 'Which task do you mean? Say its number, e.g. "task 3", or some words of its title.'
      return this.byNumber(this.memory.last)
    }
    if ('number' in target) return this.byNumber(target.number)
    if ('ordinal' in target) {
      const list = previous?.about === 'which' ? previous.candidates : (this.memory.listed ?? [])
      const number = target.ordinal === -1 ? list.at(-1) : list[target.ordinal - 1]
      if (number === undefined) return list.length ? `I only showed ${list.length} task${list.length === 1 ? '' : 's'}.` : 'Which list do you mean? Say "show my tasks" first, or use the task\'s number.'
      return this.byNumber(number)
    }
    if (meaningfulWords(target.text).length === 0) {
      return 'Which task do you mean? Say its number, e.g. "task 3", or some words of its title.'
    }
    const prefer = action === 'complete' ? 'pending' : action === 'reopen' ? 'completed' : undefined
    const found = await this.call('find_tasks', { description: target.text, ...(prefer && { status: prefer }) })
    if (isToolError(found)) return `I couldn't look that up: ${found.error}.`
    if (found.match) return found.match
    if (found.candidates.length === 0) {
      return `I couldn't find a task about ${quote(target.text)}, so I left everything as it is. Say "show my tasks" to see them all.`
    }
    return this.askWhich(action, changes, found.candidates)
  }

  askWhich(action: ActionKind, changes: Changes | undefined, candidates: TaskSummary[]): string {
    const numbers = candidates.map((t) => t.number)
    const question = { about: 'which' as const, action, ...(changes && { changes }), candidates: numbers }
    if (candidates.length === 1) {
      return this.ask(question, `Do you mean ${name(candidates[0]!)}? Say "yes" and I'll ${verbOf(action, changes)}.`)
    }
    const lines = candidates.map((t, i) => `${i + 1}. ${name(t)}`)
    return this.ask(question, `Which one do you mean?\n${lines.join('\n')}\nSay "the first one", its number (e.g. "#${numbers[0]}"), or "none".`)
  }

  async byNumber(number: number): Promise<TaskSummary | string> {
    const task = await this.call('get_task', { task_number: number })
    return isToolError(task) ? `There is no task #${number}. Say "show my tasks" to see their numbers.` : task
  }

  async summaries(numbers: number[]): Promise<TaskSummary[]> {
    const tasks = []
    for (const n of numbers) {
      const task = await this.call('get_task', { task_number: n })
      if (!isToolError(task)) tasks.push(task)
    }
    return tasks
  }
}

/** What the action does to "it": "mark it done", "make it high priority". */
function verbOf(action: ActionKind, changes?: Changes): string {
  if (action === 'update') {
    if (changes?.priority) return `make it ${changes.priority} priority`
    if (changes?.due_date !== undefined) return changes.due_date ? 'move its due date' : 'remove its due date'
    if (changes?.title !== undefined) return `rename it to "${changes.title}"`
    return 'update its notes'
  }
  return { complete: 'mark it done', reopen: 'reopen it', delete: 'delete it' }[action]
}

const changedTask = (change: TaskChange | { error: string }): change is TaskChange => !isToolError(change)

/** Does the action on a task that has been resolved without doubt. */
async function act(turn: Turn, action: ActionKind, task: TaskSummary, changes: Changes = {}): Promise<string> {
  turn.memory.last = task.number
  const today = turn.today
  switch (action) {
    case 'complete': {
      if (task.completed) return `${name(task)} is already done.`
      const result = await turn.call('complete_task', { task_number: task.number })
      if (!changedTask(result)) return `I couldn't complete ${name(task)}: ${result.error}.`
      turn.memory.undo = { reopen: task.number }
      return `✓ Marked ${name(task)} as done.`
    }
    case 'reopen': {
      if (!task.completed) return `${name(task)} is not done yet, so it is still open.`
      const result = await turn.call('reopen_task', { task_number: task.number })
      if (!changedTask(result)) return `I couldn't reopen ${name(task)}: ${result.error}.`
      turn.memory.undo = { complete: task.number }
      return `✓ Reopened ${name(task)}.`
    }
    case 'delete': {
      const result = await turn.call('delete_task', { task_number: task.number })
      if (!changedTask(result)) return `I couldn't delete ${name(task)}: ${result.error}.`
      turn.memory.undo = { restore: [task.number] }
      delete turn.memory.last
      return `✓ Deleted ${name(task)}. Say "undo that" to bring it back.`
    }
    case 'update': {
      const result = await turn.call('update_task', { task_number: task.number, ...changes })
      if (!changedTask(result)) return `I couldn't change ${name(task)}: ${result.error}.`
      const before: Changes = {}
      if (changes.title !== undefined) before.title = task.title
      if (changes.priority !== undefined) before.priority = task.priority
      if (changes.due_date !== undefined) before.due_date = task.due_date
      turn.memory.undo = { revert: task.number, fields: before }
      if (changes.title !== undefined) return `✓ Renamed #${task.number} from ${quote(task.title)} to ${quote(result.title)}.`
      if (changes.priority) return `✓ ${name(task)} is now ${changes.priority} priority.`
      if (changes.description !== undefined) return `✓ Updated the notes of ${name(task)}.`
      return changes.due_date
        ? `✓ ${name(task)} is now ${speakDue(changes.due_date, today)}.`
        : `✓ ${name(task)} no longer has a due date.`
    }
  }
}

async function onTarget(turn: Turn, action: ActionKind, target: Target, changes?: Changes): Promise<string> {
  const task = await turn.resolve(target, action, changes)
  return typeof task === 'string' ? task : act(turn, action, task, changes)
}

function windowWords(filters: ListFilters): { before: string; after: string } {
  const priority = filters.priority ? `${filters.priority}-priority ` : ''
  const state = filters.status === 'pending' ? 'open ' : filters.status === 'completed' ? 'completed ' : ''
  const windows: Record<string, string> = {
    overdue: ' that are overdue',
    today: ' due today',
    tomorrow: ' due tomorrow',
    this_week: ' due this week',
    next_week: ' due next week',
    no_date: ' without a due date',
  }
  const after = filters.due ? windows[filters.due]! : ''
  return { before: `${state}${priority}`, after }
}

async function list(turn: Turn, filters: ListFilters): Promise<string> {
  const result = await turn.call('list_tasks', { ...filters, limit: LIST_LIMIT })
  if (isToolError(result)) return `I couldn't list your tasks: ${result.error}.`
  turn.memory.listed = result.tasks.map((t) => t.number)
  const { before, after } = windowWords(filters)
  if (result.total === 0) {
    if (filters.status === 'completed' && !filters.due && !filters.priority) return 'You have not completed any tasks yet.'
    return `You have no ${before}tasks${after}.`
  }
  const noun = `${before}task${result.total === 1 ? '' : 's'}${after}`
  const more = result.total > result.tasks.length ? `\n…and ${result.total - result.tasks.length} more (the board shows them all).` : ''
  return `You have ${result.total} ${noun}:\n${result.tasks.map((t) => turn.describe(t)).join('\n')}${more}`
}

async function count(turn: Turn, filters: ListFilters): Promise<string> {
  const status = filters.status === 'all' && !filters.due && !filters.priority ? 'pending' : filters.status
  const result = await turn.call('list_tasks', { ...filters, status, limit: 1 })
  if (isToolError(result)) return `I couldn't count your tasks: ${result.error}.`
  const { before, after } = windowWords({ ...filters, status })
  return `You have ${result.total} ${before}task${result.total === 1 ? '' : 's'}${after}.`
}

async function undo(turn: Turn): Promise<string> {
  const last = turn.memory.undo
  delete turn.memory.undo
  if (!last) return "There's nothing here to undo. (A delete on the board has its own Undo button.)"
  if ('restore' in last) {
    const result = await turn.call('restore_tasks', { task_numbers: last.restore })
    if (isToolError(result)) return `I couldn't undo that: ${result.error}.`
    turn.memory.listed = result.tasks.map((t) => t.number)
    const names = result.tasks.map(name).join(', ')
    return `✓ Restored ${result.tasks.length === 1 ? names : `${result.tasks.length} tasks: ${names}`}.`
  }
  if ('reopen' in last) {
    const result = await turn.call('reopen_task', { task_number: last.reopen })
    return changedTask(result) ? `✓ Undone: ${name({ number: result.task_number, title: result.title })} is open again.` : `I couldn't undo that: ${result.error}.`
  }
  if ('complete' in last) {
    const result = await turn.call('complete_task', { task_number: last.complete })
    return changedTask(result) ? `✓ Undone: ${name({ number: result.task_number, title: result.title })} is done again.` : `I couldn't undo that: ${result.error}.`
  }
  if ('remove' in last) {
    const result = await turn.call('delete_task', { task_number: last.remove })
    if (!changedTask(result)) return `I couldn't undo that: ${result.error}.`
    turn.memory.undo = { restore: [last.remove] }
    return `✓ Undone: removed ${name({ number: result.task_number, title: result.title })} again.`
  }
  const result = await turn.call('update_task', { task_number: last.revert, ...last.fields })
  return changedTask(result) ? `✓ Undone: ${name({ number: result.task_number, title: result.title })} is back as it was.` : `I couldn't undo that: ${result.error}.`
}

async function add(turn: Turn, task: ToolArgs<'add_task'>): Promise<string> {
  const result = await turn.call('add_task', task)
  if (!changedTask(result)) return `I couldn't add that task: ${result.error}.`
  turn.memory.last = result.task_number
  turn.memory.undo = { remove: result.task_number }
  const details = []
  if (task.due_date) details.push(speakDue(task.due_date, turn.today))
  if (task.priority && task.priority !== 'medium') details.push(`${task.priority} priority`)
  return `✓ Added ${name({ number: result.task_number, title: result.title })}${details.length ? `, ${details.join(', ')}` : ''}.`
}

/** The answer to the question asked last turn: "yes", "no", "the second one", "#4". */
async function answer(turn: Turn, intent: Intent & { kind: 'yes' | 'no' | 'choose' }, question: Question | undefined): Promise<string> {
  if (!question) {
    if (intent.kind === 'choose') {
      const task = await turn.resolve(intent.target, 'update')
      if (typeof task === 'string') return task
      turn.memory.last = task.number
      return `${turn.describe(task)}\nWhat should I do with it? (e.g. "mark it done", "delete it", "make it high priority")`
    }
    return intent.kind === 'yes' ? "Yes to what? I haven't asked anything. Say \"help\" to see what I can do." : 'OK.'
  }
  if (intent.kind === 'no') return "OK, I won't change anything."
  if (question.about === 'clear_completed') {
    if (intent.kind !== 'yes') return turn.ask(question, 'Should I delete every completed task? Say "yes" or "no".')
    const result = await turn.call('clear_completed', {})
    if (isToolError(result)) return `I couldn't clear them: ${result.error}.`
    if (result.tasks.length === 0) return 'There were no completed tasks to clear.'
    turn.memory.undo = { restore: result.tasks.map((t) => t.number) }
    return `✓ Deleted ${result.tasks.length} completed task${result.tasks.length === 1 ? '' : 's'}. Say "undo that" to bring them back.`
  }
  if (question.about === 'add') {
    if (intent.kind !== 'yes') return turn.ask(question, `Should I add ${quote(question.task.title)} as a task? Say "yes" or "no".`)
    return add(turn, question.task)
  }
  let number: number | undefined
  if (intent.kind === 'yes') {
    if (question.candidates.length !== 1) {
      return turn.ask(question, `Which one? Say "the first one" or its number (${question.candidates.map((n) => `#${n}`).join(', ')}).`)
    }
    number = question.candidates[0]
  } else if ('ordinal' in intent.target) {
    number = intent.target.ordinal === -1 ? question.candidates.at(-1) : question.candidates[intent.target.ordinal - 1]
    if (number === undefined) return turn.ask(question, `I listed ${question.candidates.length}; which one do you mean?`)
  } else {
    number = intent.target.number
  }
  const task = await turn.byNumber(number!)
  return typeof task === 'string' ? task : act(turn, question.action, task, question.changes)
}

async function respond(turn: Turn, intent: Intent, question: Question | undefined): Promise<string> {
  switch (intent.kind) {
    case 'help':
      return HELP_TEXT
    case 'thanks':
      return "You're welcome!"
    case 'unknown':
      return `Sorry, I didn't understand that, so I didn't change anything.\n${HELP_TEXT}`
    case 'yes':
    case 'no':
    case 'choose':
      return answer(turn, intent, question)
    case 'undo':
      return undo(turn)
    case 'add': {
      const { kind: _, ...task } = intent
      return add(turn, task)
    }
    case 'maybe_add': {
      const { kind: _, ...task } = intent
      const details = task.due_date ? `, ${speakDue(task.due_date, turn.today)}` : ''
      return turn.ask({ about: 'add', task }, `Should I add ${quote(task.title)}${details} as a task? Say "yes" to add it.`)
    }
    case 'list':
    case 'count': {
      const { kind, ...filters } = intent
      return kind === 'list' ? list(turn, filters) : count(turn, filters)
    }
    case 'clear_completed': {
      const done = await turn.call('list_tasks', { status: 'completed', limit: 1 })
      if (isToolError(done) || done.total === 0) return 'You have no completed tasks to clear.'
      return turn.ask(
        { about: 'clear_completed' },
        `That deletes ${done.total} completed task${done.total === 1 ? '' : 's'}. Should I go ahead? (Say "yes"; "undo that" brings them back.)`,
      )
    }
    case 'complete':
    case 'reopen':
    case 'delete':
      return onTarget(turn, intent.kind, intent.target)
    case 'update':
      return onTarget(turn, 'update', intent.target, intent.changes)
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
      const intent = parseIntent(input.message, input.ctx.today)
      input.log.debug({ intent }, 'built-in assistant: intent')
      const response = await respond(turn, intent, memoryOf(input.context).question)
      stream(response, input.events.onDelta)
      return { response, toolCalls: turn.toolCalls, context: turn.memory }
    },
  }
}

