import { render, screen, within } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { commandFor, SHORTCUTS } from '../lib/shortcuts'
import ShortcutHelp from './ShortcutHelp'

/** A key press as the board's handler gets it, on a task row or in a text field. */
function press(key: string, { ctrl = false, on = 'row' as 'row' | 'field' } = {}) {
  const target = document.createElement(on === 'row' ? 'li' : 'input')
  if (on === 'row') target.dataset.taskNumber = '1'
  document.body.append(target)
  const event = new KeyboardEvent('keydown', { key, ctrlKey: ctrl, bubbles: true })
  let command
  target.addEventListener('keydown', (e) => (command = commandFor(e as KeyboardEvent)))
  target.dispatchEvent(event)
  target.remove()
  return command
}

describe('ShortcutHelp', () => {
  it('lists every shortcut of the keyboard map, and closes', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    render(() => <ShortcutHelp onClose={onClose} />)
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    for (const shortcut of SHORTCUTS) expect(within(dialog).getByText(shortcut.what)).toBeInTheDocument()
    expect(within(dialog).getByText('Ctrl+Z')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Close' }))
    expect(onClose).toHaveBeenCalled()
  })

  it('lists only keys that do what it says: the handler reads the same table', () => {
    for (const shortcut of SHORTCUTS) {
      if (!shortcut.command) continue
      shortcut.keys.forEach((key, i) => {
        const expected = Array.isArray(shortcut.command) ? shortcut.command[i] : shortcut.command
        expect(press(key.key, { ctrl: key.ctrl }), `${key.label ?? key.key}: ${shortcut.what}`).toBe(expected)
      })
    }
  })

  it('leaves keys alone while a field is being typed in', () => {
    expect(press('j', { on: 'field' })).toBeUndefined()
    expect(press('z', { ctrl: true, on: 'field' })).toBeUndefined()
    expect(press('q')).toBeUndefined()
  })
})
