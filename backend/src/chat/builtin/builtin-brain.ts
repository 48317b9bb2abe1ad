// The built-in assistant: the default when no OPENAI_API_KEY is set. Deterministic, offline,
// instant. It reads a message with the language layer (language/understand.ts: one request
// per clause) and reads and changes tasks only through the tools the OpenAI brain uses, so
// its turns show the same tool_calls. It acts on a task only on an exact reference (turn.ts);
// otherwise it asks, and remembers the question with the conversation, so any replica
// answers the next turn.
import type { Brain, TurnInput, TurnOutput } from '../brain.js'
import { isToolError, type TaskChange, type TaskSummary } from '../tools.js'
import { MAX_INPUT } from '../../language/english.js'
import { understand, type ActionKind, type Changes, type NewTask, type Request, type Target } from '../../language/understand.js'
import { speakDue } from '../../lib/when.js'
import { count, list } from './lists.js'
import { name, quote, Turn, type Question } from './turn.js'

export const HELP_TEXT = [
  'I can manage your tasks. Try:',
  '• "Add call the plumber tomorrow !high" or "add milk, eggs and bread"',
  '• "What\'s due this week?", "What did I finish today?", "Anything about the car?"',
  '• "Mark task 3 as done", "mark 2 and 3 done", "reopen task 6"',
  '• "Push the expense report to next week", "make task 11 high priority"',
  '• "Delete task 4" (then "undo that"), "restore task 9", "clear all completed tasks"',
].join('\n')

const changedTask = (change: TaskChange | { error: string }): change is TaskChange => !isToolError(change)

/** Does the action on a task named without doubt. */
async function act(turn: Turn, action: ActionKind, task: TaskSummary, changes: Changes = {}): Promise<string> {
  turn.memory.last = task.number
  switch (action) {
    case 'complete': {
      if (task.completed) return `${name(task)} is already done.`
      const result = await turn.call('complete_task', { task_number: task.number })
      if (!changedTask(result)) return `I couldn't complete ${name(task)}: ${result.error}.`
      turn.undo.push({ reopen: task.number })
      return `✓ Marked ${name(task)} as done.`
    }
    case 'reopen': {
      if (!task.completed) return `${name(task)} is not done yet, so it is still open.`
      const result = await turn.call('reopen_task', { task_number: task.number })
      if (!changedTask(result)) return `I couldn't reopen ${name(task)}: ${result.error}.`
      turn.undo.push({ complete: task.number })
      return `✓ Reopened ${name(task)}.`
    }
    case 'delete': {
      const result = await turn.call('delete_task', { task_number: task.number })
      if (!changedTask(result)) return `I couldn't delete ${name(task)}: ${result.error}.`
      turn.undo.push({ restore: [task.number] })
      delete turn.memory.last
      return `✓ Deleted ${name(task)}. Say "undo that" to bring it back.`
    }
    case 'restore': {
      const result = await turn.call('restore_tasks', { task_numbers: [task.number] })
      if (isToolError(result)) return `Task #${task.number} is not in the trash.`
      const restored = result.tasks[0]!
      turn.undo.push({ remove: restored.number })
      return `✓ Restored ${name(restored)} from the trash.`
    }
    case 'update': {
      const result = await turn.call('update_task', { task_number: task.number, ...changes })
      if (!changedTask(result)) return `I couldn't change ${name(task)}: ${result.error}.`
      const before: Changes = {}
      if (changes.title !== undefined) before.title = task.title
      if (changes.priority !== undefined) before.priority = task.priority
      if (changes.due_date !== undefined) before.due_date = task.due_date
      turn.undo.push({ revert: task.number, fields: before })
      if (changes.title !== undefined) return `✓ Renamed #${task.number} from ${quote(task.title)} to ${quote(result.title)}.`
      if (changes.priority) return `✓ ${name(task)} is now ${changes.priority} priority.`
      if (changes.description !== undefined) return `✓ Updated the notes of ${name(task)}.`
      return changes.due_date ? `✓ ${name(task)} is now ${speakDue(changes.due_date, turn.today)}.` : `✓ ${name(task)} no longer has a due date.`
    }
  }
}

async function onTarget(turn: Turn, target: Target, action: ActionKind, changes?: Changes): Promise<string> {
  // Several tasks back from the trash at once: one call, as the tool takes a list.
  if (target.numbers.length > 1 && action === 'restore') {
    const result = await turn.call('restore_tasks', { task_numbers: target.numbers })
    if (isToolError(result)) return 'Those tasks are not in the trash.'
    for (const t of result.tasks) turn.undo.push({ remove: t.number })
    return `✓ Restored ${result.tasks.map(name).join(', ')} from the trash.`
  }
  if (target.numbers.length > 1) {
    const replies = []
    for (const number of target.numbers) replies.push(await onTarget(turn, { numbers: [number], words: '' }, action, changes))
    return replies.join('\n')
  }
  const found = await turn.resolve(target, action, changes)
  return 'task' in found ? act(turn, action, found.task, changes) : found.reply
}

/** Takes back every change of the last turn, newest first. */
async function undo(turn: Turn): Promise<string> {
  // Once per turn: "oops, undo that" is one undo.
  const steps = turn.undone ? [] : (turn.previous.undo ?? [])
  turn.undone = true
  if (steps.length === 0) return "There's nothing here to undo. (A delete on the board has its own Undo button.)"
  const replies = []
  for (const last of [...steps].reverse()) {
    if ('restore' in last) {
      const result = await turn.call('restore_tasks', { task_numbers: last.restore })
      if (isToolError(result)) replies.push(`I couldn't undo a delete: ${result.error}.`)
      else replies.push(`✓ Restored ${result.tasks.map(name).join(', ')}.`)
      if (!isToolError(result)) turn.undo.push({ remove: result.tasks[0]!.number })
      continue
    }
    if ('remove' in last) {
      const result = await turn.call('delete_task', { task_number: last.remove })
      replies.push(changedTask(result) ? `✓ Undone: removed ${name({ number: result.task_number, title: result.title })} again.` : `I couldn't undo that: ${result.error}.`)
      continue
    }
    if ('reopen' in last || 'complete' in last) {
      const number = 'reopen' in last ? last.reopen : last.complete
      const result = await turn.call('reopen' in last ? 'reopen_task' : 'complete_task', { task_number: number })
      replies.push(changedTask(result) ? `✓ Undone: ${name({ number: result.task_number, title: result.title })} is ${'reopen' in last ? 'open' : 'done'} again.` : `I couldn't undo that: ${result.error}.`)
      continue
    }
    const result = await turn.call('update_task', { task_number: last.revert, ...last.fields })
    replies.push(changedTask(result) ? `✓ Undone: ${name({ number: result.task_number, title: result.title })} is back as it was.` : `I couldn't undo that: ${result.error}.`)
  }
  turn.undo.length = 0
  return replies.join('\n')
}

async function add(turn: Turn, task: NewTask): Promise<string> {
  const result = await turn.call('add_task', task)
  if (!changedTask(result)) return `I couldn't add ${quote(task.title.slice(0, 60))}: ${result.error}.`
  turn.memory.last = result.task_number
  turn.undo.push({ remove: result.task_number })
  const details = []
  if (task.due_date) details.push(speakDue(task.due_date, turn.today))
  if (task.priority && task.priority !== 'medium') details.push(`${task.priority} priority`)
  return `✓ Added ${name({ number: result.task_number, title: result.title })}${details.length ? `, ${details.join(', ')}` : ''}.`
}

/** The answer to the question asked last turn: "yes", "no", "the second one", "#4". */
async function answer(turn: Turn, request: Extract<Request, { kind: 'yes' | 'no' | 'choose' }>, question: Question | undefined): Promise<string> {
  if (!question) {
    if (request.kind === 'choose') {
      const found = await turn.resolve(request.target, 'update')
      if (!('task' in found)) return found.reply
      turn.memory.last = found.task.number
      return `${turn.describe(found.task)}\nWhat should I do with it? (e.g. "mark it done", "delete it", "make it high priority")`
    }
    return request.kind === 'yes' ? 'Yes to what? I haven\'t asked anything. Say "help" to see what I can do.' : 'OK.'
  }
  if (request.kind === 'no') return "OK, I won't change anything."
  if (question.about === 'clear_completed') {
    if (request.kind !== 'yes') return turn.ask(question, 'Should I delete every completed task? Say "yes" or "no".').reply
    const result = await turn.call('clear_completed', {})
    if (isToolError(result)) return `I couldn't clear them: ${result.error}.`
    if (result.tasks.length === 0) return 'There were no completed tasks to clear.'
    turn.undo.push({ restore: result.tasks.map((t) => t.number) })
    return `✓ Deleted ${result.tasks.length} completed task${result.tasks.length === 1 ? '' : 's'}. Say "undo that" to bring them back.`
  }
  if (question.about === 'add') {
    if (request.kind !== 'yes') return turn.ask(question, `Should I add ${quote(question.task.title)} as a task? Say "yes" or "no".`).reply
    return add(turn, question.task)
  }
  let number: number | undefined
  const candidates = question.about === 'confirm' ? [question.number] : question.candidates
  if (request.kind === 'yes') {
    if (candidates.length !== 1) return turn.ask(question, `Which one? Say "the first one" or its number (${candidates.map((n) => `#${n}`).join(', ')}).`).reply
    number = candidates[0]
  } else if (request.kind !== 'choose') {
    return "OK, I won't change anything."
  } else if (request.target.ordinal !== undefined) {
    number = request.target.ordinal === -1 ? candidates.at(-1) : candidates[request.target.ordinal - 1]
    if (number === undefined) return turn.ask(question, `I listed ${candidates.length}; which one do you mean?`).reply
  } else {
    number = request.target.numbers[0]
    // A number that was not among the choices is a new reference: read it like one.
    if (number !== undefined && !candidates.includes(number)) return turn.ask(question, `#${number} was not one of those; say "the first one" or one of ${candidates.map((n) => `#${n}`).join(', ')}.`).reply
  }
  const found = await turn.byNumber(number!, question.action === 'restore')
  return 'task' in found ? act(turn, question.action, found.task, question.changes) : found.reply
}

async function respond(turn: Turn, request: Request, question: Question | undefined): Promise<string> {
  switch (request.kind) {
    case 'help':
      return HELP_TEXT
    case 'thanks':
      return "You're welcome!"
    case 'unknown':
      return `Sorry, I didn't understand that, so I didn't change anything.\n${HELP_TEXT}`
    case 'not_read':
      return `That message asked for more than I read at once: I left the last ${request.count} request${request.count === 1 ? '' : 's'} alone. Send ${request.count === 1 ? 'it' : 'them'} again in another message.`
    case 'refuse':
      return 'I won\'t do that to every task at once. Name them one at a time (e.g. "delete task 3"), or use the board.'
    case 'yes':
    case 'no':
    case 'choose':
      return answer(turn, request, question)
    case 'undo':
      return undo(turn)
    case 'add': {
      const replies = []
      for (const task of request.tasks) replies.push(await add(turn, task))
      return replies.join('\n')
    }
    case 'maybe_add': {
      const details = request.task.due_date ? `, ${speakDue(request.task.due_date, turn.today)}` : ''
      return turn.ask({ about: 'add', task: request.task }, `Should I add ${quote(request.task.title)}${details} as a task? Say "yes" to add it.`).reply
    }
    case 'list':
    case 'count': {
      const { kind, ...filters } = request
      return kind === 'list' ? list(turn, filters) : count(turn, filters)
    }
    case 'clear_completed': {
      const done = await turn.call('list_tasks', { status: 'completed', limit: 1 })
      if (isToolError(done) || done.total === 0) return 'You have no completed tasks to clear.'
      return turn.ask({ about: 'clear_completed' }, `That deletes ${done.total} completed task${done.total === 1 ? '' : 's'}. Should I go ahead? (Say "yes"; "undo that" brings them back.)`).reply
    }
    case 'complete':
    case 'reopen':
    case 'delete':
    case 'restore':
      return onTarget(turn, request.target, request.kind)
    case 'update':
      return onTarget(turn, request.target, 'update', request.changes)
  }
}

/** Streams a finished reply word by word, so both brains stream the same way. */
function stream(text: string, onDelta: ((text: string) => void) | undefined): void {
  if (!onDelta) return
  for (const piece of text.split(/(?<=\s)/)) onDelta(piece)
}

/**
 * Reading a long message takes a few milliseconds of CPU. Messages are read one at a time,
 * each after a turn of the event loop, so requests waiting meanwhile (/health, other users)
 * are served between them: 20 long messages arriving together cannot hold the process for
 * all 20 readings at once.
 */
let queue: Promise<unknown> = Promise.resolve()
function reading<T>(read: () => T): Promise<T> {
  const next = queue.then(
    () =>
      new Promise<T>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(read())
          } catch (error) {
            reject(error)
          }
        }),
      ),
  )
  queue = next.catch(() => undefined)
  return next
}

export function createBuiltinBrain(): Brain {
  return {
    mode: 'builtin',
    model: null,
    async respond(input: TurnInput): Promise<TurnOutput> {
      const turn = new Turn(input)
      const requests = await reading(() => (input.message.length > MAX_INPUT ? [{ kind: 'unknown' as const }] : understand(input.message, input.ctx.today)))
      input.log.debug({ requests }, 'built-in assistant: requests')
      const question = turn.previous.question
      const replies = []
      for (const request of requests) replies.push(await respond(turn, request, question))
      // "undo that" next turn takes back everything this turn changed.
      if (turn.undo.length > 0) turn.memory.undo = turn.undo
      const response = replies.join('\n')
      stream(response, input.events.onDelta)
      return { response, toolCalls: turn.toolCalls, context: turn.memory }
    },
  }
}
