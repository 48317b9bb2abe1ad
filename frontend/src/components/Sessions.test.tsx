import { render, screen, waitFor, within } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { useFakeServer } from '../lib/server.fake'
import Sessions from './Sessions'

const server = useFakeServer()

async function renderSessions() {
  render(() => <Sessions />)
  const list = await screen.findByRole('list', { name: 'Sessions' })
  return { user: userEvent.setup(), rows: () => within(list).getAllByRole('listitem') }
}

describe('Sessions', () => {
  it('lists each session by device, address and last use; the current one is labelled This device and has no sign-out', async () => {
    const { rows } = await renderSessions()
    const [here, laptop, phone] = rows()
    expect(rows()).toHaveLength(3)
    expect(here).toHaveTextContent('Firefox on Linux')
    expect(here).toHaveTextContent('This device')
    expect(here).toHaveTextContent('203.0.113.7 · Active now')
    expect(within(here!).queryByRole('button')).toBeNull()
    expect(laptop).toHaveTextContent('Chrome on Windows')
    expect(laptop).toHaveTextContent('198.51.100.23 · Last used 1 hour ago')
    expect(laptop).not.toHaveTextContent('This device')
    expect(phone).toHaveTextContent('Safari on iPhone')
    expect(phone).toHaveTextContent('Unknown address · Last used 3 days ago')
  })

  it('signs another session out on the server and takes it off the list', async () => {
    const { user, rows } = await renderSessions()
    await user.click(screen.getByRole('button', { name: 'Sign out Chrome on Windows, 198.51.100.23' }))
    await waitFor(() => expect(rows()).toHaveLength(2))
    expect(screen.queryByText('Chrome on Windows')).toBeNull()
    expect(screen.getByRole('status')).toHaveTextContent('Signed out Chrome on Windows')
    expect(server().requests()).toContain('DELETE /auth/sessions/s-laptop')
    expect(server().state.sessions.map((s) => s.id)).toEqual(['s-here', 's-phone'])
  })

  it('takes a session the server no longer knows (404) off the list without an error', async () => {
    const { user, rows } = await renderSessions()
    server().state.sessions = server().state.sessions.filter((s) => s.id !== 's-phone') // expired meanwhile
    await user.click(screen.getByRole('button', { name: /^Sign out Safari on iPhone/ }))
    await waitFor(() => expect(rows()).toHaveLength(2))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('Sign out all other sessions leaves only this device and says how many were signed out', async () => {
    const { user, rows } = await renderSessions()
    await user.click(screen.getByRole('button', { name: 'Sign out all other sessions' }))
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(rows()[0]).toHaveTextContent('This device')
    expect(screen.getByRole('status')).toHaveTextContent('Signed out 2 other sessions')
    expect(screen.queryByRole('button', { name: 'Sign out all other sessions' })).toBeNull()
    expect(server().requests()).toContain('POST /auth/sessions/revoke-others')
  })

  it('says why a sign-out failed, in plain words, and keeps the session listed', async () => {
    const { user, rows } = await renderSessions()
    vi.stubGlobal('fetch', async () =>
      Response.json({ error: { code: 'RATE_LIMITED', message: 'Too many changes; try again in 30 s' } }, { status: 429, headers: { 'retry-after': '30' } }),
    )
    await user.click(screen.getByRole('button', { name: /^Sign out Chrome on Windows/ }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not sign out that session: That was a lot at once. Try again in 30 seconds.')
    expect(rows()).toHaveLength(3)
  })
})
