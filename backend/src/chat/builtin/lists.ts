// The built-in assistant's answers to questions: a list of tasks (soonest due first, with
// what is overdue under "today") or how many there are, through the list_tasks tool.
import { isToolError, type TaskSummary } from '../tools.js'
import type { ListFilters } from '../../language/understand.js'
import type { Turn } from './turn.js'

const LIST_LIMIT = 20

/** An agenda's order: soonest due first, undated last, ties by number (the repository breaks ties newest first). */
const byDue = (tasks: TaskSummary[]) =>
  [...tasks].sort((a, b) => (a.due_date ?? '9999-12-31').localeCompare(b.due_date ?? '9999-12-31') || a.number - b.number)

const WINDOWS: Record<string, string> = {
  overdue: ' that are overdue', today: ' due today', tomorrow: ' due tomorrow', this_week: ' due this week',
  next_week: ' due next week', this_weekend: ' due this weekend', this_month: ' due this month', no_date: ' without a due date',
}
const FINISHED: Record<string, string> = { today: ' today', yesterday: ' yesterday', this_week: ' this week' }

function windowWords(filters: ListFilters): { before: string; after: string } {
  const priority = filters.priority ? `${filters.priority}-priority ` : ''
  const state = filters.status === 'pending' ? 'open ' : filters.status === 'completed' ? 'completed ' : ''
  const about = filters.query ? ` about "${filters.query}"` : ''
  const after = (filters.due ? WINDOWS[filters.due]! : '') + about + (filters.finished ? FINISHED[filters.finished]! : '')
  return { before: `${state}${priority}`, after }
}

const listArgs = ({ status, due, priority, query, finished }: ListFilters) => ({ status, ...(due && { due }), ...(priority && { priority }), ...(query && { query }), ...(finished && { finished }) })

export async function list(turn: Turn, filters: ListFilters): Promise<string> {
  // Soonest due first, as an agenda reads ("the second one" is the second line shown).
  const result = await turn.call('list_tasks', { ...listArgs(filters), sort: 'due', limit: LIST_LIMIT })
  if (isToolError(result)) return `I couldn't list your tasks: ${result.error}.`
  let shown = byDue(result.tasks)
  let overdueText = ''
  // "Today" also shows what is overdue, labelled, so nothing slips.
  if (filters.due === 'today') {
    const overdue = await turn.call('list_tasks', { status: 'pending', due: 'overdue', sort: 'due', limit: LIST_LIMIT })
    if (!isToolError(overdue) && overdue.total > 0) {
      const late = byDue(overdue.tasks)
      overdueText = `\nOverdue (${overdue.total}):\n${late.map((t) => turn.describe(t)).join('\n')}`
      shown = [...shown, ...late]
    }
  }
  turn.memory.listed = shown.map((t) => t.number)
  const { before, after } = windowWords(filters)
  if (result.total === 0) {
    const none = filters.status === 'completed' && !filters.due && !filters.priority && !filters.query && !filters.finished ? 'You have not completed any tasks yet.' : `You have no ${before}tasks${after}.`
    return `${none}${overdueText}`
  }
  const noun = `${before}task${result.total === 1 ? '' : 's'}${after}`
  const more = result.total > result.tasks.length ? `\n…and ${result.total - result.tasks.length} more (the board shows them all).` : ''
  const lines = shown.slice(0, result.tasks.length).map((t) => turn.describe(t))
  return `You have ${result.total} ${noun}:\n${lines.join('\n')}${more}${overdueText}`
}

export async function count(turn: Turn, filters: ListFilters): Promise<string> {
  const status = filters.status === 'all' && !filters.due && !filters.priority && !filters.query ? 'pending' : filters.status
  const result = await turn.call('list_tasks', { ...listArgs({ ...filters, status }), limit: 1 })
  if (isToolError(result)) return `I couldn't count your tasks: ${result.error}.`
  const { before, after } = windowWords({ ...filters, status })
  return `You have ${result.total} ${before}task${result.total === 1 ? '' : 's'}${after}.`
}
