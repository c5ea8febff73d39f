/**
 * What closing does to the requests and connections still open, so that a shutdown ends within
 * about a second whatever the clients are doing: requests held back (by a fault's delay) and
 * requests whose body is still arriving are answered with Graph's 503 at once, requests being
 * handled get up to a second to finish, and every connection left (idle, never used, or stuck
 * in its headers) is dropped. The one owner of "closing", which the front door asks, and of the
 * order in which a connection's pipelined requests are handled.
 */
import { Socket } from 'node:net'
import { setTimeout } from 'node:timers/promises'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { serviceNotAvailable } from './errors.js'
import { sendGraphError } from './error-handler.js'

/** How long requests already being handled get to finish before their connections are dropped too. */
const FINISH_GRACE_MS = 1000
/** How often the close looks whether they have. */
const POLL_MS = 10

/** Graph's answer to a request that meets the shutdown. */
export const closingRefusal = () => serviceNotAvailable(1)

export interface Shutdown {
  /** True from the moment the app starts closing. */
  readonly closing: boolean
  /** Runs `refuse` as soon as closing begins (at once if it has), unless the returned release is called first. */
  hold (refuse: () => void): () => void
}

declare module 'fastify' {
  interface FastifyInstance {
    shutdown: Shutdown
  }
}

/** The reply to the request a connection is serving, or served last (its `request` beside it): set on the socket, so no per-request bookkeeping has to be undone. */
const CURRENT = Symbol('graph-mock current reply')
/** The reply to the last request the connection handed over, which may be waiting for the one before it. */
const LAST = Symbol('graph-mock last reply')
interface Tracked extends Socket {
  [CURRENT]?: FastifyReply
  [LAST]?: FastifyReply
}

/** Runs `then` once, when `reply` has been written out, or its connection has closed first. */
function afterAnswer (reply: FastifyReply, then: () => void): void {
  let ran = false
  const once = () => {
    if (ran) return
    ran = true
    then()
  }
  reply.raw.once('finish', once).once('close', once)
}

const gracefulClose: FastifyPluginAsync = async (app) => {
  // Connections that have carried a request; one that never did is dropped by closeAllConnections.
  const sockets = new Set<Tracked>()
  const held = new Set<() => void>()
  let closing = false

  app.decorate('shutdown', {
    get closing () { return closing },
    hold (refuse: () => void) {
      // Held once the close has begun (after an asynchronous token check, say): refused at once,
      // since the close has already released what it held.
      if (closing) {
        refuse()
        return () => {}
      }
      held.add(refuse)
      return () => { held.delete(refuse) }
    }
  })

  // One hook and no bookkeeping to undo: it costs every request, and a reply's end needs no hook.
  app.addHook('onRequest', (request, reply, done) => {
    const socket: Tracked = request.raw.socket
    // inject's requests (a $batch's items, and tests') each ride a mock socket that never closes:
    // held here, every one would be kept, with its request and reply, for the life of the app.
    // A batch's items end with the batch, whose own connection is tracked.
    if (!(socket instanceof Socket)) {
      done()
      return
    }
    // The last request handed over on the connection, which may still wait for the one before it.
    const previous = socket[LAST]
    socket[LAST] = reply
    if (previous === undefined) {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    } else if (!previous.raw.writableFinished) {
      // A pipelined request: Node hands it over while the one before it on the connection is
      // still being handled (held by a fault's delay, or waiting on its token's key), and a GET
      // would read what the PATCH before it had not yet changed. It waits, untracked, so that
      // the close still waits for the one being handled; HTTP/1.1 lets a server work on
      // pipelined requests at once only when all are safe (RFC 9112, 9.3.2).
      return afterAnswer(previous, () => {
        socket[CURRENT] = reply
        done()
      })
    }
    socket[CURRENT] = reply
    done()
  })

  /** The requests still being answered: their reply not sent, their connection open. */
  const unanswered = () => [...sockets].flatMap((socket) => {
    const reply = socket[CURRENT]
    return reply !== undefined && !reply.sent && !socket.destroyed ? [reply] : []
  })

  app.addHook('preClose', async () => {
    closing = true
    for (const refuse of held) refuse()
    held.clear()
    for (const reply of unanswered()) {
      // Its body would hold the close for as long as the client takes to send it.
      if (!reply.request.raw.complete) sendGraphError(reply.header('connection', 'close'), closingRefusal())
    }
    const deadline = Date.now() + FINISH_GRACE_MS
    while (unanswered().length > 0 && Date.now() < deadline) await setTimeout(POLL_MS)
    // Node's own close keeps a connection that has not finished its first request, and Fastify's
    // drops only idle keep-alive ones: a connection pool's spare socket would hold the exit.
    app.server.closeAllConnections()
  })
}

export default fp(gracefulClose, { name: 'graceful-close' })
