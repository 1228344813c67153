import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net'

/**
 * A TCP proxy between Gatehouse and PostgreSQL that a test turns into the faults a network can
 * have, without touching the shared PostgreSQL server:
 * - `pass`: bytes flow both ways;
 * - `down`: every connection is reset, and new ones are reset as they arrive (a database that is
 *   gone);
 * - `hold`: connections stay open but no byte goes through either way, new connections included
 *   (a frozen backend, a firewall dropping packets). Released, held bytes go on in order.
 * `hold` can be limited to some connections: each one is described by what its PostgreSQL
 * start-up message names (application_name, user, database), read as it passes.
 */
export interface ProxiedConnection {
  /** The start-up message's parameters, once it has passed (`application_name`, `user`, ...). */
  parameters: Record<string, string>
  openedAt: number
}

type Selector = (connection: ProxiedConnection) => boolean

export interface TcpProxy {
  /** `postgres://…` with the proxy's host and port in place of the target's. */
  url: string
  pass(): void
  down(): void
  /** Holds the connections `which` selects (every one by default), present and future. */
  hold(which?: Selector): void
  /** Connections open now, for a test to check what it holds. */
  connections(): ProxiedConnection[]
  close(): Promise<void>
}

interface Pipe {
  info: ProxiedConnection
  client: Socket
  server: Socket
  /** Bytes waiting while held, in order: [towards the server, towards the client]. */
  held: { toServer: Buffer[]; toClient: Buffer[] }
  /** Bytes of the start-up message not yet complete. */
  startup: Buffer | undefined
}

/** The PostgreSQL protocol version 3.0 start-up code; SSL and GSS requests use other codes. */
const PROTOCOL_3 = 196608

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl)
  const targetHost = target.hostname || '127.0.0.1'
  const targetPort = Number(target.port || 5432)
  let mode: 'pass' | 'down' | 'hold' = 'pass'
  let holding: Selector = () => true
  const pipes = new Set<Pipe>()

  const isHeld = (pipe: Pipe) => mode === 'hold' && holding(pipe.info)

  const flush = (pipe: Pipe) => {
    if (isHeld(pipe)) return
    for (const chunk of pipe.held.toServer.splice(0)) pipe.server.write(chunk)
    for (const chunk of pipe.held.toClient.splice(0)) pipe.client.write(chunk)
  }

  const reset = (pipe: Pipe) => {
    pipes.delete(pipe)
    pipe.client.resetAndDestroy()
    pipe.server.resetAndDestroy()
  }

  const server: Server = createServer((client) => {
    if (mode === 'down') {
      client.resetAndDestroy()
      return
    }
    const upstream = tcpConnect({ host: targetHost, port: targetPort })
    const pipe: Pipe = {
      info: { parameters: {}, openedAt: Date.now() },
      client,
      server: upstream,
      held: { toServer: [], toClient: [] },
      startup: Buffer.alloc(0),
    }
    pipes.add(pipe)
    client.on('data', (chunk: Buffer) => {
      if (pipe.startup) readStartup(pipe, chunk)
      if (isHeld(pipe)) pipe.held.toServer.push(chunk)
      else upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      if (isHeld(pipe)) pipe.held.toClient.push(chunk)
      else client.write(chunk)
    })
    // A close is passed on at once unless held: a held connection keeps its other side open, as a
    // silent network would.
    const closeBoth = () => {
      if (isHeld(pipe)) return
      pipes.delete(pipe)
      client.destroy()
      upstream.destroy()
    }
    client.on('close', closeBoth)
    upstream.on('close', closeBoth)
    client.on('error', () => {})
    upstream.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the proxy has no port')
  const url = new URL(targetUrl)
  url.hostname = '127.0.0.1'
  url.port = String(address.port)

  return {
    url: url.toString(),
    pass() {
      mode = 'pass'
      for (const pipe of [...pipes]) {
        flush(pipe)
        // Closed while held: the other side learns it now.
        if (pipe.client.destroyed || pipe.server.destroyed) {
          pipes.delete(pipe)
          pipe.client.destroy()
          pipe.server.destroy()
        }
      }
    },
    down() {
      mode = 'down'
      for (const pipe of [...pipes]) reset(pipe)
    },
    hold(which = () => true) {
      mode = 'hold'
      holding = which
    },
    connections: () => [...pipes].map((pipe) => pipe.info),
    async close() {
      for (const pipe of [...pipes]) reset(pipe)
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * Reads the start-up message (length, protocol 3.0, then name/value pairs each ending in a NUL) as
 * its bytes go by, to say which connection is which. Anything else (an SSL request) is passed
 * on unread: the connection is then known by nothing.
 */
function readStartup(pipe: Pipe, chunk: Buffer): void {
  const bytes = Buffer.concat([pipe.startup ?? Buffer.alloc(0), chunk])
  if (bytes.length < 8) {
    pipe.startup = bytes
    return
  }
  const length = bytes.readInt32BE(0)
  if (bytes.readInt32BE(4) !== PROTOCOL_3) {
    pipe.startup = undefined
    return
  }
  if (bytes.length < length) {
    pipe.startup = bytes
    return
  }
  pipe.startup = undefined
  const fields = bytes
    .subarray(8, length - 1)
    .toString('utf8')
    .split('\0')
  for (let i = 0; i + 1 < fields.length; i += 2) {
    pipe.info.parameters[fields[i] as string] = fields[i + 1] as string
  }
}
