// The periods people ask about tasks by: due in one ("this week", "overdue") or completed in
// one ("today"). Words the language layer reads and the chat tools take as arguments; the
// dates each covers are the tasks' business (tasks/due-windows.ts).
import { Type, type Static } from 'typebox'

export const DueWindow = Type.Enum(['overdue', 'today', 'tomorrow', 'this_week', 'next_week', 'this_weekend', 'this_month', 'no_date'])
export type DueWindow = Static<typeof DueWindow>
export const FinishedWindow = Type.Enum(['today', 'yesterday', 'this_week'], { description: 'Completed in this period (by completion time)' })
export type FinishedWindow = Static<typeof FinishedWindow>
