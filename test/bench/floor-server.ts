// The stack's floor for GET /api/tasks: the least a handler on this stack can do to answer
// the same page. One Fastify route, one prepared better-sqlite3 statement, the bearer token
// looked up in a Map, JSON.stringify. No auth library, no query builder, no schema, no
// hooks. The bench checks that it answers byte for byte what the real backend answers.
//   node --import tsx test/bench/floor-server.ts DB_FILE PORT TOKEN USER_ID
import SQLite from 'better-sqlite3'
import Fastify from 'fastify'

const [file, port, token, userId] = process.argv.slice(2)
if (!file || !port || !token || !userId) throw new Error('usage: floor-server.ts DB_FILE PORT TOKEN USER_ID')

const db = new SQLite(file, { readonly: true })
const page = db.prepare<[string], { completed: number }>(
  `select number, title, description, completed, priority, due_date, created_at, updated_at, deleted_at, version
   from tasks where user_id = ? and deleted_at is null order by completed, number desc limit 50`,
)
const tokens = new Map([[`Bearer ${token}`, userId]])

const app = Fastify()
app.get('/api/tasks', (request, reply) => {
  const user = tokens.get(request.headers.authorization ?? '')
  if (!user) return reply.code(401).send({ error: { code: 'UNAUTHORIZED', message: 'sign in first' } })
  return { items: page.all(user).map((row) => ({ ...row, completed: row.completed === 1 })), next_cursor: null }
})
app.get('/health', () => ({ status: 'ok' }))
await app.listen({ host: '127.0.0.1', port: Number(port) })
