// One turn of the built-in assistant: the tool calls it makes (recorded and streamed exactly
// as the OpenAI brain's), what it remembers for the next turn, and how it finds the one task
// a request names — never by a guess: an exact reference acts, anything less asks.
import type { TurnInput } from '../brain.js'
import type { ToolCallRecord } from '../chat.schema.js'
import { agrees, wholeTitle } from '../match.js'
import { isToolError, runTool, type TaskSummary, type ToolArgs, type ToolName, type ToolResult } from '../tools.js'
import type { ActionKind, Changes, NewTask, Target } from '../../language/understand.js'
import { speakDue } from '../../lib/when.js'

/** What is kept with a conversation between turns. */
export interface Memory {
  /** The tasks shown last, in order: "the second one" is listed[1]. */
  listed?: number[]
  /** The task talked about last: "it". */
  last?: number
  /** A question waiting for an answer. */
  question?: Question
  /** The last turn's changes, so "undo that" takes all of them back. */
  undo?: Undo[]
}

export type Question =
  /** Several tasks could be meant: the answer picks one ("the first one", "#4"). */
  | { about: 'which'; action: ActionKind; changes?: Changes; candidates: number[] }
  /** One task, named by less than an exact reference: "yes" acts on exactly this one. */
  | { about: 'confirm'; action: ActionKind; changes?: Changes; number: number }
  | { about: 'clear_completed' }
  | { about: 'add'; task: NewTask }

export type Undo =
  | { restore: number[] }
  | { reopen: number }
  | { complete: number }
  | { remove: number }
  | { revert: number; fields: Changes }

export const quote = (title: string) => `"${title}"`
export const name = (t: { number: number; title: string }) => `#${t.number} ${quote(t.title)}`

export function memoryOf(value: unknown): Memory {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
  const memory = value as Memory & { undo?: Undo | Undo[] }
  // A conversation stored before undo covered whole turns kept a single change.
  if (memory.undo && !Array.isArray(memory.undo)) memory.undo = [memory.undo]
  return memory
}

/** What an action does, said of "it": "mark it done", "make it high priority". */
export function verbOf(action: ActionKind, changes?: Changes): string {
  if (action === 'update') {
    if (changes?.priority) return `make it ${changes.priority} priority`
    if (changes?.due_date !== undefined) return changes.due_date ? 'move its due date' : 'remove its due date'
    if (changes?.title !== undefined) return `rename it to "${changes.title}"`
    return 'update its notes'
  }
  return { complete: 'mark it done', reopen: 'reopen it', delete: 'delete it', restore: 'restore it from the trash' }[action]
}

/** The outcome of naming a task: the task itself, or what to say instead (a question or why not). */
export type Resolved = { task: TaskSummary } | { reply: string }

export class Turn {
  readonly toolCalls: ToolCallRecord[] = []
  /** What the next turn will remember; starts from the last turn's, minus its question and undo. */
  readonly memory: Memory
  /** This turn's changes, newest last. */
  readonly undo: Undo[] = []
  /** The last turn's changes were taken back already in this turn. */
  undone = false

  /** What the last turn left: its question, its changes, the tasks it listed. */
  readonly previous: Memory

  constructor(private readonly input: TurnInput) {
    this.previous = memoryOf(input.context)
    const { question: _q, undo: _u, ...rest } = this.previous
    this.memory = rest
  }

  get today(): Date {
    return this.input.ctx.today
  }

  /** Runs a tool exactly as the OpenAI brain would, recording and streaming the call. */
  async call<N extends ToolName>(tool: N, args: ToolArgs<N>): Promise<ToolResult<N>> {
    const record = await runTool(tool, args as Record<string, unknown>, this.input.ctx)
    this.toolCalls.push(record)
    this.input.events.onToolCall?.(record)
    return record.result as ToolResult<N>
  }

  describe(t: TaskSummary): string {
    const parts = []
    if (t.priority !== 'medium') parts.push(`${t.priority} priority`)
    if (t.due_date) parts.push(speakDue(t.due_date, this.today, t.completed))
    return `${t.completed ? '✓' : '•'} ${name(t)}${parts.length ? ` — ${parts.join(', ')}` : ''}`
  }

  ask(question: Question, text: string): { reply: string } {
    // One question at a time: a later one in the same turn waits its turn.
    if (this.memory.question) return { reply: `(I'll ask about the rest once that is answered.)` }
    this.memory.question = question
    return { reply: text }
  }

  /**
   * The one task a target names. Acts at once only on an exact reference: a number (with
   * words that agree), a place in the last list, "it", or the task's whole title. Words that
   * fit one task but not its whole title ask "do you mean …?"; several fits ask which.
   */
  async resolve(target: Target, action: ActionKind, changes?: Changes): Promise<Resolved> {
    const previous = this.previous.question
    const trash = action === 'restore'
    if (target.ref) {
      if (previous?.about === 'which' && previous.candidates.length > 1) return this.askWhich(action, changes, await this.summaries(previous.candidates))
      const number = previous?.about === 'confirm' ? previous.number : previous?.about === 'which' ? previous.candidates[0] : this.memory.last
      if (number === undefined) return { reply: 'Which task do you mean? Say its number, e.g. "task 3", or some words of its title.' }
      return this.byNumber(number, trash)
    }
    if (target.ordinal !== undefined) {
      const list = previous?.about === 'which' ? previous.candidates : (this.memory.listed ?? [])
      const number = target.ordinal === -1 ? list.at(-1) : list[target.ordinal - 1]
      if (number === undefined) {
        return { reply: list.length ? `I only showed ${list.length} task${list.length === 1 ? '' : 's'}.` : 'Which list do you mean? Say "show my tasks" first, or use the task\'s number.' }
      }
      return this.byNumber(number, trash)
    }
    if (target.numbers.length === 1) {
      const found = await this.byNumber(target.numbers[0]!, trash)
      if (!('task' in found) || !target.words || agrees(target.words, found.task.title)) return found
      // The number and the words name different tasks: ask, listing both.
      const byWords = await this.call('find_tasks', { description: target.words.slice(0, 200), ...(trash && { in: 'trash' as const }) })
      const others = isToolError(byWords) ? [] : [...(byWords.match ? [byWords.match] : []), ...byWords.candidates]
      const candidates = [found.task, ...others.filter((t) => t.number !== found.task.number)].slice(0, 5)
      return this.askWhich(action, changes, candidates, `#${found.task.number} is ${quote(found.task.title)}, which does not match "${target.words}".`)
    }
    if (!target.words) return { reply: 'Which task do you mean? Say its number, e.g. "task 3", or some words of its title.' }
    const prefer = action === 'complete' ? 'pending' : action === 'reopen' ? 'completed' : undefined
    const found = await this.call('find_tasks', { description: target.words.slice(0, 200), ...(prefer && { status: prefer }), ...(trash && { in: 'trash' as const }) })
    if (isToolError(found)) return { reply: `I couldn't look that up: ${found.error}.` }
    if (found.match) {
      if (wholeTitle(target.words, found.match.title)) return { task: found.match }
      return this.ask(
        { about: 'confirm', action, ...(changes && { changes }), number: found.match.number },
        `Do you mean ${name(found.match)}? Say "yes" and I'll ${verbOf(action, changes)}.`,
      )
    }
    if (found.candidates.length === 0) {
      const where = trash ? 'in the trash' : ''
      return { reply: `I couldn't find a task ${where ? `${where} ` : ''}about ${quote(target.words)}, so I left everything as it is.` }
    }
    return this.askWhich(action, changes, found.candidates)
  }

  askWhich(action: ActionKind, changes: Changes | undefined, candidates: TaskSummary[], lead = ''): { reply: string } {
    const numbers = candidates.map((t) => t.number)
    const question = { about: 'which' as const, action, ...(changes && { changes }), candidates: numbers }
    const intro = lead ? `${lead} ` : ''
    if (candidates.length === 1) {
      return this.ask({ about: 'confirm', action, ...(changes && { changes }), number: numbers[0]! }, `${intro}Do you mean ${name(candidates[0]!)}? Say "yes" and I'll ${verbOf(action, changes)}.`)
    }
    const lines = candidates.map((t, i) => `${i + 1}. ${name(t)}`)
    return this.ask(question, `${intro}Which one do you mean?\n${lines.join('\n')}\nSay "the first one", its number (e.g. "#${numbers[0]}"), or "none".`)
  }

  async byNumber(number: number, trash = false): Promise<Resolved> {
    const task = await this.call('get_task', { task_number: number, ...(trash && { in: 'trash' as const }) })
    if (!isToolError(task)) return { task }
    return { reply: trash ? `Task #${number} is not in the trash.` : `There is no task #${number}. Say "show my tasks" to see their numbers.` }
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
