import { render, screen, waitFor } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { useFakeServer } from '../lib/server.fake'
import DeleteAccount from './DeleteAccount'

const server = useFakeServer()

function renderForm() {
  const onDeleted = vi.fn()
  render(() => <DeleteAccount email="ada@example.com" onCancel={() => {}} onDeleted={onDeleted} />)
  return { onDeleted, user: userEvent.setup(), confirm: screen.getByRole('button', { name: 'Delete account for good' }) }
}

describe('DeleteAccount', () => {
  it('says that every task and conversation goes for good', () => {
    renderForm()
    expect(screen.getByText(/with all its tasks and assistant conversations, for good/)).toBeInTheDocument()
    expect(screen.getByText(/cannot be undone/)).toBeInTheDocument()
  })

  it('asks for the password before anything is sent', async () => {
    const { user, confirm, onDeleted } = renderForm()
    await user.click(confirm)
    expect(screen.getByText('Enter your password to confirm')).toBeInTheDocument()
    expect(screen.getByLabelText('Type your password to confirm')).toHaveFocus()
    expect(server().requests()).toEqual([])
    expect(onDeleted).not.toHaveBeenCalled()
  })

  it('shows the server’s message for a wrong password and deletes nothing', async () => {
    const { user, confirm, onDeleted } = renderForm()
    await user.type(screen.getByLabelText('Type your password to confirm'), 'guess')
    await user.click(confirm)
    expect(await screen.findByText('The password is not correct')).toBeInTheDocument()
    expect(screen.getByLabelText('Type your password to confirm')).toHaveAttribute('aria-invalid', 'true')
    expect(server().state.deleted).toBe(false)
    expect(onDeleted).not.toHaveBeenCalled()
  })

  it('deletes the account with the right password, then tells the app', async () => {
    const { user, confirm, onDeleted } = renderForm()
    await user.type(screen.getByLabelText('Type your password to confirm'), 'old-password')
    await user.click(confirm)
    await waitFor(() => expect(onDeleted).toHaveBeenCalled())
    expect(server().state.deleted).toBe(true)
  })
})
