import { Type, type Static } from 'typebox'

/** What emptying the trash removed for good. */
export const TrashEmptied = Type.Object({ deleted: Type.Integer({ minimum: 0, description: 'How many tasks were removed' }) })
export type TrashEmptied = Static<typeof TrashEmptied>

/** DELETE /api/trash's bound: only what the client's confirmation counted goes. */
export const TrashEmptyQuery = Type.Object({
  deleted_up_to: Type.Optional(
    Type.String({
      pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?Z$',
      description:
        'An ISO-8601 UTC timestamp (2026-01-05T10:00:00.000Z), usually the newest deleted_at the client showed: only tasks trashed at or before it are removed',
    }),
  ),
})
export type TrashEmptyQuery = Static<typeof TrashEmptyQuery>
