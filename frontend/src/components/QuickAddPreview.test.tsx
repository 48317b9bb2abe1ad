import { render, screen } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { formatDue } from '../lib/dates'
import type { QuickAdd } from '@contract'
import QuickAddPreview from './QuickAddPreview'

const text = 'pay rent  friday !high'
const answer: QuickAdd = {
  title: 'pay rent',
  due_date: '2030-05-03',
  priority: 'high',
  markers: [
    { kind: 'due', start: 10, end: 16, text: 'friday', value: '2030-05-03', on: true },
    { kind: 'priority', start: 17, end: 22, text: '!high', value: 'high', on: true },
  ],
}

function renderPreview(shown: QuickAdd) {
  const onToggle = vi.fn()
  const { container } = render(() => <QuickAddPreview id="preview" text={text} answer={shown} onToggle={onToggle} />)
  return { onToggle, container }
}

describe('QuickAddPreview', () => {
  it('shows the line as typed with each marker a pressed toggle named for what a click does', () => {
    const { container } = renderPreview(answer)
    expect(container.querySelector('p')).toHaveTextContent(text, { normalizeWhitespace: false })
    const due = screen.getByRole('button', { name: `due ${formatDue('2030-05-03')}: click to keep “friday” in the title` })
    expect(due).toHaveTextContent(/^friday$/)
    expect(due).toHaveAttribute('aria-pressed', 'true')
    const high = screen.getByRole('button', { name: 'high priority: click to keep “!high” in the title' })
    expect(high).toHaveTextContent(/^!high$/)
    expect(screen.getAllByRole('button')).toHaveLength(2)
  })

  it('shows the title and fields the server answered, not a cut of its own', () => {
    renderPreview({ ...answer, title: 'the server’s title' })
    expect(document.getElementById('preview')).toHaveTextContent(`Adds “the server’s title” · due ${formatDue('2030-05-03')} · high priority`)
  })

  it('a switched-off marker is not pressed, says its words stay, and the result has no field from it', () => {
    renderPreview({ ...answer, title: 'pay rent friday', due_date: undefined, markers: [{ ...answer.markers[0]!, on: false }, answer.markers[1]!] })
    const due = screen.getByRole('button', { name: `“friday” stays in the title: click to read it as due ${formatDue('2030-05-03')}` })
    expect(due).toHaveAttribute('aria-pressed', 'false')
    expect(document.getElementById('preview')).toHaveTextContent(/^Adds “pay rent friday” · high priority$/)
  })

  it('names a marker whose words stay in the title anyway by what a click still changes', () => {
    renderPreview({ ...answer, markers: [{ ...answer.markers[0]!, kept: true }] })
    expect(screen.getByRole('button', { name: /“friday” stays in the title: click to not read it as a date/ })).toHaveAttribute('aria-pressed', 'true')
  })

  it('a click on a marker asks to toggle that marker, by its index in the answer', async () => {
    const user = userEvent.setup()
    const { onToggle } = renderPreview(answer)
    await user.click(screen.getByRole('button', { name: /“!high”/ }))
    expect(onToggle).toHaveBeenCalledWith(1)
    await user.click(screen.getByRole('button', { name: /“friday”/ }))
    expect(onToggle).toHaveBeenLastCalledWith(0)
  })
})
