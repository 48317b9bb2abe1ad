import { render, screen, waitFor } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../lib/api'
import { today } from '../lib/dates'
import { FRIDAY, fakeParse } from '../lib/quickAdd.fake'
import { PREVIEW_DELAY_MS } from '../lib/quickAdd'
import { TITLE_MAX_LENGTH } from '@contract/limits'
import TaskForm from './TaskForm'

vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/api')>()),
  parseTask: vi.fn(),
}))
const parseTask = vi.mocked(api.parseTask)

function renderForm() {
  const onAdd = vi.fn(async () => {})
  render(() => <TaskForm onAdd={onAdd} />)
  return { onAdd, input: screen.getByLabelText('New task') as HTMLInputElement, user: userEvent.setup() }
}

const marker = (word: string) => screen.getByRole('button', { name: new RegExp(`“${word}”`) })
/** The whole line in one input event, so an Enter right after comes before any preview. */
async function typeAtOnce(user: ReturnType<typeof userEvent.setup>, input: HTMLInputElement, text: string) {
  input.focus()
  await user.paste(text)
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeEach(() => {
  vi.resetAllMocks()
  parseTask.mockImplementation(fakeParse)
})

describe('TaskForm quick add', () => {
  it('on an Enter before the preview came, shows the preview and saves nothing; the next Enter saves what it shows', async () => {
    const { onAdd, input, user } = renderForm()
    await typeAtOnce(user, input, 'pay rent friday !high')
    await user.keyboard('{Enter}')
    expect(await screen.findByText(/Adds “pay rent” · due .+ · high priority/)).toBeInTheDocument()
    expect(marker('friday')).toHaveAttribute('aria-pressed', 'true')
    expect(marker('!high')).toHaveAttribute('aria-pressed', 'true')
    await pause(PREVIEW_DELAY_MS + 50) // nor is it saved a moment later
    expect(onAdd).not.toHaveBeenCalled()
    expect(input).toHaveValue('pay rent friday !high')

    const asked = parseTask.mock.calls.length
    await user.keyboard('{Enter}')
    expect(onAdd).toHaveBeenCalledWith({ title: 'pay rent', priority: 'high', due_date: FRIDAY })
    expect(parseTask).toHaveBeenCalledTimes(asked) // what was shown, not a new reading
    await waitFor(() => expect(input).toHaveValue(''))
  })

  it('keeps a switched-off marker’s words in the saved title and sets no field from it', async () => {
    const { onAdd, input, user } = renderForm()
    await user.type(input, 'call mom friday')
    await user.click(await screen.findByRole('button', { name: /click to keep “friday” in the title/ }))
    await waitFor(() => expect(marker('friday')).toHaveAttribute('aria-pressed', 'false'))
    expect(parseTask).toHaveBeenLastCalledWith('call mom friday', today(), [0])
    expect(screen.getByText(/Adds “call mom friday”/)).toBeInTheDocument()
    expect(input).toHaveFocus() // so the next Enter adds the task instead of pressing the marker again
    await user.keyboard('{Enter}')
    expect(onAdd).toHaveBeenCalledWith({ title: 'call mom friday' })
  })

  it('a marker switched back on reads its words again', async () => {
    const { onAdd, input, user } = renderForm()
    await user.type(input, 'call mom friday')
    await user.click(await screen.findByRole('button', { name: /click to keep “friday”/ }))
    await user.click(await screen.findByRole('button', { name: /click to read it as due/ }))
    await waitFor(() => expect(marker('friday')).toHaveAttribute('aria-pressed', 'true'))
    await user.keyboard('{Enter}')
    expect(onAdd).toHaveBeenCalledWith({ title: 'call mom', due_date: FRIDAY })
  })

  it('Shift+Enter saves the line exactly as typed, even with the preview up', async () => {
    const { onAdd, input, user } = renderForm()
    await user.type(input, 'pay rent friday !high')
    await screen.findByText(/Adds “pay rent”/)
    await user.keyboard('{Shift>}{Enter}{/Shift}')
    expect(onAdd).toHaveBeenCalledWith({ title: 'pay rent friday !high' })
    expect(input).toHaveAccessibleDescription(/Shift\+Enter adds the line exactly as typed/)
  })

  it('saves a line without markers as typed on the first Enter, whatever title the server made of it', async () => {
    // The old reading dropped words it did not show; without a marker nothing may go.
    parseTask.mockResolvedValue({ title: 'War and Peace', markers: [] })
    const { onAdd, input, user } = renderForm()
    await typeAtOnce(user, input, 'Read "War and Peace" chapter 3')
    await user.keyboard('{Enter}')
    await waitFor(() => expect(onAdd).toHaveBeenCalledWith({ title: 'Read "War and Peace" chapter 3' }))
    expect(screen.queryByText(/Adds “/)).toBeNull()
  })

  it('saves the line as typed when the server cannot read it (offline)', async () => {
    parseTask.mockRejectedValue(new api.ApiError(0, 'OFFLINE', 'Cannot reach the server.'))
    const { onAdd, input, user } = renderForm()
    await user.type(input, 'pay rent friday !high{Enter}')
    await waitFor(() => expect(onAdd).toHaveBeenCalledWith({ title: 'pay rent friday !high' }))
  })

  it('never saves the preview of an older text: the new text is read first', async () => {
    const { onAdd, input, user } = renderForm()
    await user.type(input, 'pay rent friday')
    await screen.findByText(/Adds “pay rent” · due/)
    await user.paste(' !high')
    await user.keyboard('{Enter}')
    expect(await screen.findByText(/Adds “pay rent” · due .+ · high priority/)).toBeInTheDocument()
    expect(onAdd).not.toHaveBeenCalled()
    await user.keyboard('{Enter}')
    expect(onAdd).toHaveBeenCalledWith({ title: 'pay rent', priority: 'high', due_date: FRIDAY })
  })

  it('keeps a paste longer than the limit whole, states the limit before any Enter, and refuses to save it', async () => {
    const { onAdd, input, user } = renderForm()
    await typeAtOnce(user, input, 'x'.repeat(5000))
    expect(input.value).toHaveLength(5000) // nothing cut
    expect(screen.getByText('Titles can be up to 200 characters; this one has 5,000.')).toBeInTheDocument()
    await user.keyboard('{Enter}')
    await user.keyboard('{Shift>}{Enter}{/Shift}')
    expect(onAdd).not.toHaveBeenCalled()
    expect(input.value).toHaveLength(5000)
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(input).toHaveAccessibleDescription(/Titles can be up to 200 characters; this one has 5,000/)
  })

  it('counts the characters against the limit from 80 % of it', async () => {
    const { input, user } = renderForm()
    await typeAtOnce(user, input, 'x'.repeat(TITLE_MAX_LENGTH * 0.8 - 1))
    expect(screen.queryByText(/\/ 200/)).toBeNull()
    await user.type(input, 'y')
    expect(screen.getByText('160 / 200')).toBeInTheDocument()
  })

  it('keeps a description longer than its limit whole and refuses to save it', async () => {
    const { onAdd, input, user } = renderForm()
    await user.click(screen.getByRole('button', { name: 'Details' }))
    const description = screen.getByLabelText('Description') as HTMLTextAreaElement
    description.focus()
    await user.paste('line one\n' + 'y'.repeat(2500))
    expect(description.value).toHaveLength(2509)
    expect(screen.getByText('Descriptions can be up to 2,000 characters; this one has 2,509.')).toBeInTheDocument()
    await typeAtOnce(user, input, 'a title')
    await user.keyboard('{Shift>}{Enter}{/Shift}')
    expect(onAdd).not.toHaveBeenCalled()
    expect(description.value).toHaveLength(2509)
  })
})
