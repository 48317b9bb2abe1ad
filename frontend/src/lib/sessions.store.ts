// The account's signed-in sessions and the two ways to end them, for the Sessions dialog.
import { createResource, createSignal } from 'solid-js'
import * as api from './api'
import type { AccountSession } from './api'
import { describeDevice } from './device'

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`)

export function createSessions() {
  const [sessions, { mutate, refetch }] = createResource(api.listSessions)
  /** The id being signed out, or "others"; one change at a time. */
  const [busy, setBusy] = createSignal<string | null>(null)
  const [notice, setNotice] = createSignal('')
  const [failure, setFailure] = createSignal('')

  async function attempt(key: string, action: () => Promise<string>, failed: string) {
    setBusy(key)
    setNotice('')
    setFailure('')
    try {
      setNotice(await action())
    } catch (error) {
      setFailure(`${failed}: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      setBusy(null)
    }
  }

  const revoke = (session: AccountSession) =>
    attempt(
      session.id,
      async () => {
        try {
          await api.revokeSession(session.id)
        } catch (error) {
          // Signed out elsewhere meanwhile, or expired: the wish is met all the same.
          if (!(error instanceof api.ApiError && error.code === 'SESSION_NOT_FOUND')) throw error
        }
        mutate((list) => list?.filter((s) => s.id !== session.id))
        return `Signed out ${describeDevice(session.user_agent)}`
      },
      'Could not sign out that session',
    )

  const revokeOthers = () =>
    attempt(
      'others',
      async () => {
        const revoked = await api.revokeOtherSessions()
        mutate((list) => list?.filter((s) => s.current))
        return `Signed out ${plural(revoked, 'other session', 'other sessions')}`
      },
      'Could not sign out the other sessions',
    )

  return { sessions, refetch, busy, notice, failure, revoke, revokeOthers }
}
