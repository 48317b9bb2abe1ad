import { render, screen } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { useFakeServer } from '../lib/server.fake'
import ChangePassword from './ChangePassword'

const server = useFakeServer()

async function fill(current: string, next: string, confirm = next) {
  const user = userEvent.setup()
  if (current) await user.type(screen.getByLabelText('Current password'), current)
  if (next) await user.type(screen.getByLabelText('New password'), next)
  if (confirm) await user.type(screen.getByLabelText('Confirm new password'), confirm)
  await user.click(screen.getByRole('button', { name: 'Change password' }))
  return user
}

const renderForm = () => render(() => <ChangePassword email="ada@example.com" onDone={() => {}} />)
const asked = () => server().requests().includes('POST /auth/change-password')

describe('ChangePassword', () => {
  it('changes the password and says how many other sessions were signed out', async () => {
    renderForm()
    await fill('old-password', 'a much better one')
    expect(await screen.findByRole('status')).toHaveTextContent('Password changed; 2 other sessions were signed out')
    expect(server().state.password).toBe('a much better one')
    expect(server().state.sessions.map((s) => s.id)).toEqual(['s-here'])
    expect(screen.getByRole('button', { name: 'Done' })).toBeInTheDocument()
  })

  it('shows the server’s message at the current password when it is wrong, and keeps what was typed', async () => {
    renderForm()
    await fill('not-my-password', 'a much better one')
    const current = screen.getByLabelText('Current password')
    expect(await screen.findByText('The current password is not correct')).toBeInTheDocument()
    expect(current).toHaveAttribute('aria-invalid', 'true')
    expect(current).toHaveAccessibleDescription('The current password is not correct')
    expect(current).toHaveFocus()
    expect(screen.getByLabelText('New password')).toHaveValue('a much better one')
    expect(server().state.password).toBe('old-password')
  })

  it('asks for a new password of 8 characters or more, typed the same twice, before asking the server', async () => {
    renderForm()
    await fill('old-password', 'short')
    expect(screen.getByText('Use at least 8 characters')).toBeInTheDocument()
    expect(screen.getByLabelText('New password')).toHaveFocus()

    const user = userEvent.setup()
    await user.type(screen.getByLabelText('New password'), ' but longer')
    await user.type(screen.getByLabelText('Confirm new password'), ' but wrong')
    await user.click(screen.getByRole('button', { name: 'Change password' }))
    expect(screen.getByText('The two new passwords differ')).toBeInTheDocument()
    expect(asked()).toBe(false)
  })

  it('refuses a new password over 128 characters before asking the server', async () => {
    renderForm()
    await fill('old-password', 'x'.repeat(129))
    expect(screen.getByText('Use at most 128 characters')).toBeInTheDocument()
    expect(asked()).toBe(false)
  })
})
