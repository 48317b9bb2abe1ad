import { render, screen, waitFor, within } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { useFakeServer } from '../lib/server.fake'
import AccountMenu, { ITEMS } from './AccountMenu'

const server = useFakeServer()

function renderMenu() {
  const onSignedOut = vi.fn()
  const onDeleted = vi.fn()
  render(() => (
    <>
      <AccountMenu email="ada@example.com" onSignedOut={onSignedOut} onDeleted={onDeleted} />
      <button>after</button>
    </>
  ))
  const button = screen.getByRole('button', { name: 'Account: ada@example.com' })
  return { onSignedOut, user: userEvent.setup(), button }
}

const entry = (name: string) => screen.getByRole('menuitem', { name })

describe('AccountMenu', () => {
  it('opens from the keyboard on its first entry, moves with the arrows, and Escape closes it with focus back on the button', async () => {
    const { user, button } = renderMenu()
    expect(button).toHaveAttribute('aria-haspopup', 'menu')
    await user.tab()
    expect(button).toHaveFocus()

    await user.keyboard('{Enter}')
    const menu = screen.getByRole('menu')
    expect(button).toHaveAttribute('aria-expanded', 'true')
    expect(button).toHaveAttribute('aria-controls', menu.id)
    expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual(ITEMS.map((item) => item.label))
    expect(entry('Change password')).toHaveFocus()
    await user.keyboard('{ArrowDown}')
    expect(entry('Sessions')).toHaveFocus()
    await user.keyboard('{ArrowUp}{ArrowUp}') // wraps round to the last
    expect(entry('Sign out')).toHaveFocus()
    await user.keyboard('{Home}')
    expect(entry('Change password')).toHaveFocus()

    await user.keyboard('{Escape}')
    expect(screen.queryByRole('menu')).toBeNull()
    expect(button).toHaveAttribute('aria-expanded', 'false')
    expect(button).toHaveFocus()
  })

  it('opens on its last entry with ↑, and Tab closes it with focus back on the button', async () => {
    const { user, button } = renderMenu()
    button.focus()
    await user.keyboard('{ArrowUp}')
    expect(entry('Sign out')).toHaveFocus()
    await user.keyboard('{Tab}')
    expect(screen.queryByRole('menu')).toBeNull()
    expect(button).toHaveFocus()
  })

  it('closes on a click outside it', async () => {
    const { user, button } = renderMenu()
    await user.click(button)
    expect(screen.getByRole('menu')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'after' }))
    expect(screen.queryByRole('menu')).toBeNull()
  })

  it('opens an entry’s dialog; Escape closes it and focus goes back to the account button', async () => {
    const { user, button } = renderMenu()
    await user.click(button)
    await user.click(entry('Change password'))
    const dialog = await screen.findByRole('dialog', { name: 'Change password' }) // loaded on first open
    expect(dialog).toHaveAttribute('aria-modal', 'true')
    await waitFor(() => expect(screen.getByLabelText('Current password')).toHaveFocus())
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(button).toHaveFocus()
  })

  it('Sign out signs out on the server, then tells the app', async () => {
    const { user, button, onSignedOut } = renderMenu()
    await user.click(button)
    await user.click(entry('Sign out'))
    await waitFor(() => expect(onSignedOut).toHaveBeenCalled())
    expect(server().requests()).toContain('POST /auth/sign-out')
    expect(server().state.signedIn).toBe(false)
  })
})
