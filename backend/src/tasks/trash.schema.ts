import { Type, type Static } from 'typebox'

/** What emptying the trash removed for good. */
export const TrashEmptied = Type.Object({ deleted: Type.Integer({ minimum: 0, description: 'How many tasks were removed' }) })
export type TrashEmptied = Static<typeof TrashEmptied>
