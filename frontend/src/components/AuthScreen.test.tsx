import { render, screen } from '@solidjs/testing-library'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { useFakeServer } from '../lib/server.fake'
import AuthScreen from './AuthScreen'

const server = useFakeServer()

describe('AuthScreen', () => {
  it('a sign-up with an email that has an account offers “Sign in instead”, which switches to sign-in with the email kept', async () => {
    server().state.signedIn = false
    const user = userEvent.setup()
    const onSignedIn = vi.fn()
    render(() => <AuthScreen onSignedIn={onSignedIn} />)
    await user.click(screen.getByRole('tab', { name: 'Create account' }))
    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.type(screen.getByLabelText('Password'), 'a long password{Enter}')
    expect(await screen.findByText(/An account with this email already exists/)).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Sign in instead' }))
    expect(screen.getByRole('tab', { name: 'Sign in' })).toHaveAttribute('aria-selected', 'true')
    expect(screen.getByLabelText('Email')).toHaveValue('ada@example.com')
    expect(screen.getByLabelText('Password')).toHaveFocus()
    expect(screen.queryByText(/already exists/)).toBeNull()
    expect(onSignedIn).not.toHaveBeenCalled()
  })
})
