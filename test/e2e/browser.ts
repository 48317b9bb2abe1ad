// What the browser suites share: the screenshot folder, the accounts' password, the two
// widths most suites run at, one way to start Chromium, and a session: a fresh browser
// context at a viewport, signed up or in through the API of one stack's nginx.
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { repoRoot } from '../harness/launch.js'
import { CHROMIUM, CHROMIUM_ARGS, type Stack } from './stack.js'

/** Where each suite leaves its screenshots. */
export const artifacts = path.join(repoRoot, 'test-results')
export const PASSWORD = 'a long enough password'
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 860 },
  { name: 'phone', width: 390, height: 844 },
] as const
export type Viewport = (typeof VIEWPORTS)[number]

/** Headless Chromium; each context it opens has a fresh profile of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
}

let accounts = 0
/** An address no other test of this run has signed up with: `<prefix>-<pid>-<n>@example.com`. */
export const newEmail = (prefix: string) => `${prefix}-${process.pid}-${++accounts}@example.com`

/** Saves test-results/<name>.png, the whole page unless `fullPage` is false. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage })
}

export interface Answer {
  status: number
  /** Parsed when the answer is JSON, the text otherwise. */
  body: any
}

export interface Session {
  context: BrowserContext
  page: Page
  email: string
  /** The answer to the sign-up or sign-in, when there was one. */
  auth?: Answer
  /** Uncaught exceptions and console errors in the page. */
  errors: string[]
  /** A request to the stack's API with this context's cookies and the stack's origin. */
  request: (method: string, url: string, data?: unknown, headers?: Record<string, string>) => Promise<Answer>
  /** The same, resolving with the body alone. */
  api: (method: string, url: string, data?: unknown) => Promise<any>
  /** Saves test-results/<shots>-<name>.png, the whole page. */
  shot: (name: string) => Promise<void>
}

export interface SessionOptions {
  /** Whose nginx the page and the API requests go through. */
  stack: Stack
  viewport: { width: number; height: number }
  email: string
  /** How the account gets in through the API before the page opens; 'sign-up' when left out. */
  auth?: 'sign-up' | 'sign-in' | 'none'
  /** The start of the screenshots' names, as in `board-desktop`. */
  shots: string
  /** `request` and `api` throw on an answer of 400 or more (the sign-up or sign-in too). */
  strict?: boolean
  /** The context's default timeout for waits and actions, in milliseconds. */
  timeout?: number
}

/** A fresh browser context at the viewport, signed in through the API, and a page in it. */
export async function openSession(browser: Browser, options: SessionOptions): Promise<Session> {
  const { stack, viewport, email, auth = 'sign-up', shots, strict = false } = options
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } })
  if (options.timeout !== undefined) context.setDefaultTimeout(options.timeout)
  const request = async (method: string, url: string, data?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await context.request.fetch(`${stack.url}${url}`, { method, headers: { origin: stack.url, ...headers }, ...(data !== undefined && { data }) })
    const text = await res.text()
    if (strict && res.status() >= 400) throw new Error(`${method} ${url}: ${res.status()} ${text}`)
    return { status: res.status(), body: res.headers()['content-type']?.includes('json') ? JSON.parse(text) : text }
  }
  const api = async (method: string, url: string, data?: unknown) => (await request(method, url, data)).body
  const answer = auth === 'none' ? undefined : await request('POST', `/api/auth/${auth}/email`, { email, password: PASSWORD })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  const shot = (name: string) => screenshot(page, `${shots}-${name}`)
  return { context, page, email, ...(answer && { auth: answer }), errors, request, api, shot }
}
