// A server process of the dev supervisor (scripts/dev.mjs). It starts as a spare: it imports
// the packages the server uses (the slow part of a start), says it is warm, and waits. The
// supervisor then sends it a bundle to run, and later, once a newer server listens, tells
// it to retire: stop taking connections without cutting any, answer what is already on its
// connections with `Connection: close`, and stop the way the server stops on SIGTERM.
import http from 'node:http'
import net from 'node:net'
import { pathToFileURL } from 'node:url'

const servers = new Set()
const listen = http.Server.prototype.listen
http.Server.prototype.listen = function (...args) {
  servers.add(this)
  return listen.apply(this, args)
}

function retire() {
  let open = servers.size
  const stop = () => --open <= 0 && process.kill(process.pid, 'SIGTERM')
  for (const server of servers) {
    // Each request still arriving on a kept-alive connection is answered, then the
    // connection closes; an idle one closes after the keep-alive time it announced.
    server.prependListener('request', (_req, res) => (res.shouldKeepAlive = false))
    // net.Server's close, not http.Server's: that one also cuts idle keep-alive
    // connections at once, which races a client sending its next request on one.
    net.Server.prototype.close.call(server, stop)
  }
  if (open === 0) process.kill(process.pid, 'SIGTERM')
}

process.on('message', (message) => {
  if (message?.run) import(pathToFileURL(message.run).href)
  else if (message?.retire) retire()
})

const packages = JSON.parse(process.env.DEV_PRELOAD || '[]')
await Promise.all(packages.map((name) => import(name).catch(() => undefined)))
process.send({ warm: true })
