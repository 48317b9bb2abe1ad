// A stand-in for the server behind `fetch`, for component tests: the account endpoints over
// an in-memory account, answering as the contract says (error bodies included), plus empty
// answers for what the board and the chat panel read, so the whole app can render.
// Tests install it with useFakeServer() (below), so lib/api.ts runs for real.
import type { AccountSession } from '@contract'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@contract/limits'
import { afterEach, beforeEach, vi } from 'vitest'

export const USER_AGENTS = {
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
}

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

function session(id: string, current: boolean, minutesAgo: number, ip: string | null, userAgent: string | null): AccountSession {
  return {
    id,
    current,
    created_at: ago(minutesAgo + 600),
    updated_at: ago(minutesAgo),
    expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    ip_address: ip,
    user_agent: userAgent,
  }
}

const error = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } })

export function fakeServer() {
  const state = {
    user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
    password: 'old-password',
    signedIn: true,
    deleted: false,
    sessions: [
      session('s-here', true, 0, '203.0.113.7', USER_AGENTS.firefoxLinux),
      session('s-laptop', false, 90, '198.51.100.23', USER_AGENTS.chromeWindows),
      session('s-phone', false, 3 * 1440, null, USER_AGENTS.safariIphone),
    ],
  }

  /** Every request, as "METHOD /path" (without /api and the query). */
  const requests: string[] = []

  type Answer = { status: number; body: unknown }
  const ok = (body: unknown): Answer => ({ status: 200, body })
  const others = () => state.sessions.filter((s) => !s.current)

  function answer(method: string, path: string, body: Record<string, unknown>): Answer {
    const route = `${method} ${path}`
    if (route === 'GET /auth/get-session') {
      return ok(state.signedIn ? { user: state.user, session: { expires_at: ago(-60) } } : { user: null, session: null })
    }
    if (route === 'GET /auth/demo') return ok({ available: false })
    if (route === 'POST /auth/sign-up/email' && body.email === state.user.email) {
      return error(409, 'EMAIL_TAKEN', 'An account with this email already exists; sign in instead')
    }
    if (route === 'POST /auth/sign-in/email') {
      if (body.email !== state.user.email || body.password !== state.password) return error(401, 'INVALID_CREDENTIALS', 'Wrong email or password')
      state.signedIn = true
      return ok({ user: state.user })
    }
    if (!state.signedIn) return error(401, 'UNAUTHORIZED', 'Sign in to continue')

    if (route === 'POST /auth/sign-out') {
      state.signedIn = false
      return ok({ success: true })
    }
    if (route === 'POST /auth/change-password') {
      const next = String(body.new_password ?? '')
      if (next.length < MIN_PASSWORD_LENGTH || next.length > MAX_PASSWORD_LENGTH) return error(400, 'VALIDATION_ERROR', 'new_password must NOT have fewer than 8 characters')
      if (body.current_password !== state.password) return error(400, 'WRONG_PASSWORD', 'The current password is not correct')
      const revoked = others().length
      state.password = next
      state.sessions = state.sessions.filter((s) => s.current)
      return ok({ success: true, revoked_sessions: revoked })
    }
    if (route === 'GET /auth/sessions') return ok({ items: state.sessions })
    if (route === 'POST /auth/sessions/revoke-others') {
      const revoked = others().length
      state.sessions = state.sessions.filter((s) => s.current)
      return ok({ revoked })
    }
    if (method === 'DELETE' && path.startsWith('/auth/sessions/')) {
      const id = decodeURIComponent(path.slice('/auth/sessions/'.length))
      const found = state.sessions.find((s) => s.id === id)
      if (!found) return error(404, 'SESSION_NOT_FOUND', 'No such session')
      state.sessions = state.sessions.filter((s) => s !== found)
      if (found.current) state.signedIn = false
      return ok({ success: true })
    }
    if (route === 'POST /auth/delete-account') {
      if (body.password !== state.password) return error(400, 'WRONG_PASSWORD', 'The password is not correct')
      state.deleted = true
      state.signedIn = false
      return ok({ success: true })
    }

    if (route === 'GET /tasks') return ok({ items: [], next_cursor: null })
    if (route === 'GET /tasks/counts') return ok({ all: 0, pending: 0, completed: 0, deleted: 0 })
    if (route === 'GET /chat/info') return ok({ mode: 'builtin', model: null })
    if (route === 'GET /conversations') return ok({ items: [] })
    return error(404, 'NOT_FOUND', `No route ${route}`)
  }

  async function fetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(String(input), 'http://localhost')
    const method = init.method ?? 'GET'
    const path = url.pathname.replace(/^\/api/, '')
    requests.push(`${method} ${path}`)
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {}
    const { status, body: reply } = answer(method, path, body)
    return new Response(JSON.stringify(reply), { status, headers: { 'content-type': 'application/json' } })
  }

  return { state, fetch, requests: () => [...requests] }
}

export type FakeServer = ReturnType<typeof fakeServer>

/** A fresh fake server as `fetch` for each test of the file; call the result for the current one. */
export function useFakeServer(): () => FakeServer {
  let server: FakeServer
  beforeEach(() => {
    server = fakeServer()
    vi.stubGlobal('fetch', server.fetch)
  })
  afterEach(() => vi.unstubAllGlobals())
  return () => server
}
