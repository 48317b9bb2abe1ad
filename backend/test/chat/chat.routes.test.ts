import { describe, expect, it } from 'vitest'
import { titleFrom } from '../../src/chat/conversations.repository.js'
import { setup, signUp } from '../helper.js'

describe('POST /api/chat', () => {
  it('starts a conversation titled from the first message and stores both sides of the turn', async () => {
    const user = await setup()
    const res = await user.inject({ method: 'POST', url: '/api/chat', payload: { message: '  add buy milk  ' } })
    expect(res.statusCode).toBe(200)
    const { conversation_id } = res.json()
    const [conversation] = (await user.inject('/api/conversations')).json().items
    expect(conversation).toMatchObject({ id: conversation_id, title: 'add buy milk' })
    const messages = (await user.inject(`/api/conversations/${conversation_id}/messages`)).json().items
    expect(messages.map((m: any) => [m.role, m.content])).toEqual([
      ['user', 'add buy milk'],
      ['assistant', res.json().response],
    ])
    expect(messages[0].tool_calls).toBeNull()
    expect(messages[1].tool_calls).toEqual(res.json().tool_calls)
  })

  it.each([
    [{}, 'message'],
    [{ message: '' }, 'message'],
    [{ message: '    ' }, 'message'],
    [{ message: 'x'.repeat(4001) }, 'message'],
    [{ message: 'hi', conversation_id: 'abc' }, 'conversation_id'],
    [{ message: 'hi', conversation_id: 0 }, 'conversation_id'],
    [{ message: 'hi', model: 'gpt-9' }, 'model'],
  ])('rejects %j with a 400 naming %s', async (payload, field) => {
    const user = await setup()
    const res = await user.inject({ method: 'POST', url: '/api/chat', payload })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_ERROR', field })
    expect((await user.inject('/api/conversations')).json().items).toEqual([])
  })

  it('answers 404 for a conversation that does not exist, and stores nothing', async () => {
    const user = await setup()
    const res = await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'hi', conversation_id: 424242 } })
    expect(res.statusCode).toBe(404)
    expect(res.json().error).toEqual({ code: 'NOT_FOUND', message: 'Conversation not found' })
  })

  it('rate-limits chat turns per user with 429', async () => {
    const user = await setup('sqlite', { chatRateLimit: 2 })
    const codes = []
    for (let i = 0; i < 3; i++) codes.push((await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'help' } })).statusCode)
    expect(codes).toEqual([200, 200, 429])
    // Another user has a budget of their own.
    const other = await signUp(user.app)
    expect((await other.inject({ method: 'POST', url: '/api/chat', payload: { message: 'help' } })).statusCode).toBe(200)
  })
})

describe('/api/conversations', () => {
  it('lists conversations most recently active first', async () => {
    const user = await setup()
    const a = (await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'first chat' } })).json()
    await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'second chat' } })
    await new Promise((r) => setTimeout(r, 5))
    await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'help', conversation_id: a.conversation_id } })
    const titles = (await user.inject('/api/conversations')).json().items.map((c: any) => c.title)
    expect(titles).toEqual(['first chat', 'second chat'])
  })

  it('deletes a conversation with its messages', async () => {
    const user = await setup()
    const { conversation_id } = (await user.inject({ method: 'POST', url: '/api/chat', payload: { message: 'add x' } })).json()
    expect((await user.inject({ method: 'DELETE', url: `/api/conversations/${conversation_id}` })).statusCode).toBe(204)
    expect((await user.inject(`/api/conversations/${conversation_id}/messages`)).statusCode).toBe(404)
    expect((await user.inject({ method: 'DELETE', url: `/api/conversations/${conversation_id}` })).statusCode).toBe(404)
    const left = await user.app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversation_id).execute()
    expect(left).toEqual([])
  })

  it('rejects a malformed id with 400', async () => {
    const user = await setup()
    expect((await user.inject('/api/conversations/abc/messages')).json().error.field).toBe('id')
  })
})

describe('titleFrom', () => {
  it('keeps a short first line, and cuts a long one at a word', () => {
    expect(titleFrom('add buy milk\nand more')).toBe('add buy milk')
    const long = 'please add a task to organise the garage and sort out all the old boxes in the attic'
    const title = titleFrom(long)
    expect(title.length).toBeLessThanOrEqual(61)
    expect(title.endsWith('…')).toBe(true)
    expect(long.startsWith(title.slice(0, -1))).toBe(true)
  })
})
