import { render, screen, within } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it } from 'vitest'
import { useFakeServer } from './lib/server.fake'
import { showToast } from './lib/toast'
import App from './App'

const server = useFakeServer()
beforeEach(() => localStorage.clear())

async function openAccountMenu() {
  const user = userEvent.setup()
  render(() => <App />)
  await user.click(await screen.findByRole('button', { name: 'Account: ada@example.com' }))
  return user
}

describe('App account menu', () => {
  it('Delete account needs the password, then shows the sign-in screen saying the account was deleted', async () => {
    const user = await openAccountMenu()
    await user.click(screen.getByRole('menuitem', { name: 'Delete account' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete account' }, { timeout: 5000 }) // loaded on first open
    await user.click(within(dialog).getByRole('button', { name: 'Delete account for good' }))
    expect(within(dialog).getByText('Enter your password to confirm')).toBeInTheDocument()
    expect(server().requests()).not.toContain('POST /auth/delete-account')

    await user.type(within(dialog).getByLabelText('Type your password to confirm'), 'old-password{Enter}')
    expect(await screen.findByText('Your account was deleted')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(server().state.deleted).toBe(true)
  })

  it('Sign out goes back to the sign-in screen without a message', async () => {
    const user = await openAccountMenu()
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.queryByText('Your account was deleted')).toBeNull()
  })

  it('Sign out leaves nothing of the user behind: no toast (nor its Undo), no conversation to reopen', async () => {
    const user = await openAccountMenu()
    showToast('Deleted "salary talk with Bob"', { ms: 60_000, action: { label: 'Undo', run: () => {} } })
    showToast('Could not save "salary talk with Bob"', { kind: 'error', ms: 60_000 })
    localStorage.setItem('todo-chatbot.conversation', '7')
    expect(screen.getAllByText(/salary talk/)).toHaveLength(2)
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.queryByText(/salary talk/)).toBeNull()
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull()
    expect(localStorage.getItem('todo-chatbot.conversation')).toBeNull()
  })

  it('a session that ends under the user (any 401) asks to sign in again over the screen, then finishes what was asked', async () => {
    const user = await openAccountMenu()
    server().state.signedIn = false // signed out from another device
    await user.click(screen.getByRole('menuitem', { name: 'Sessions' }))
    const dialog = await screen.findByRole('dialog', { name: 'Sign in again' }, { timeout: 5000 }) // loaded when needed
    expect(within(dialog).getByLabelText('Email')).toHaveValue('ada@example.com')
    await user.type(within(dialog).getByLabelText('Password'), 'wrong password{Enter}')
    expect(await within(dialog).findByText('Wrong email or password')).toBeInTheDocument()
    await user.clear(within(dialog).getByLabelText('Password'))
    await user.type(within(dialog).getByLabelText('Password'), 'old-password{Enter}')
    // The sessions the user asked for, after all: the request was sent again.
    const sessions = await screen.findByRole('dialog', { name: 'Sessions' })
    expect(await within(sessions).findByText('This device')).toBeInTheDocument()
    expect(screen.queryByRole('dialog', { name: 'Sign in again' })).toBeNull()
  })

  it('signing out from that dialog goes to the sign-in screen, saying why', async () => {
    const user = await openAccountMenu()
    server().state.signedIn = false
    await user.click(screen.getByRole('menuitem', { name: 'Sessions' }))
    const dialog = await screen.findByRole('dialog', { name: 'Sign in again' }, { timeout: 5000 }) // loaded when needed
    // Escape (or a click beside it) is no answer: it would lose what is on the screen.
    await user.keyboard('{Escape}')
    expect(screen.getByRole('dialog', { name: 'Sign in again' })).toBeInTheDocument()
    expect(within(dialog).queryByRole('button', { name: 'Close' })).toBeNull()
    await user.click(within(dialog).getByRole('button', { name: 'Sign out' }))
    expect(await screen.findByText('Your session has ended. Sign in again.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })
})
