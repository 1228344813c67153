import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGatehouse, type TestGatehouse } from '../support/harness.ts'

/**
 * What Node refuses before any route runs, and the bounds on a connection's life: over real
 * sockets, bytes as written, on a server with a 1 s request timeout and room for 20 connections.
 */
interface RawAnswer {
  status: number
  headers: Map<string, string>
  body: string
  /** Milliseconds from the first byte sent to the connection's end. */
  tookMs: number
}

let gatehouse: TestGatehouse
let port: number
const openSockets: Socket[] = []

beforeAll(async () => {
  gatehouse = await startTestGatehouse('pglite', {
    GATEHOUSE_REQUEST_TIMEOUT_SECONDS: '1',
    GATEHOUSE_KEEP_ALIVE_TIMEOUT_SECONDS: '1',
    GATEHOUSE_MAX_CONNECTIONS: '20',
  })
  await gatehouse.app.listen({ host: '127.0.0.1', port: 0 })
  port = (gatehouse.app.server.address() as { port: number }).port
})

afterAll(async () => {
  for (const socket of openSockets) socket.destroy()
  await gatehouse.close()
})

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket))
    socket.on('error', reject)
    openSockets.push(socket)
  })
}

/** Writes `bytes`, then reads until the server closes the connection (at most 10 s). */
async function exchange(bytes: string | Buffer): Promise<RawAnswer> {
  const socket = await open()
  const started = Date.now()
  const chunks: Buffer[] = []
  socket.on('data', (chunk) => chunks.push(chunk))
  const ended = new Promise<void>((resolve, reject) => {
    socket.on('close', () => resolve())
    setTimeout(() => reject(new Error('the server kept the connection open for 10 s')), 10_000)
  })
  socket.write(bytes)
  await ended
  return parse(Buffer.concat(chunks).toString('utf8'), Date.now() - started)
}

function parse(text: string, tookMs: number): RawAnswer {
  const [head = '', ...rest] = text.split('\r\n\r\n')
  const [statusLine = '', ...headerLines] = head.split('\r\n')
  const headers = new Map(
    headerLines.map((line) => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as [string, string]
    }),
  )
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), tookMs }
}

function expectProblemAnswer(answer: RawAnswer, status: number, reason: string) {
  expect(answer.status).toBe(status)
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(answer.headers.get('cache-control')).toBe('no-store')
  expect(answer.headers.get('x-content-type-options')).toBe('nosniff')
  const body = JSON.parse(answer.body)
  expect(body).toMatchObject({ status, reason, type: `urn:gatehouse:problem:${reason}` })
  expect(body.detail).toEqual(expect.any(String))
}

describe('requests refused before routing', () => {
  it('answers a request line that is not HTTP with 400 problem+json', async () => {
    expectProblemAnswer(await exchange('HELLO THERE\r\n\r\n'), 400, 'bad_request')
  })

  it('answers a malformed header with 400 problem+json', async () => {
    const answer = await exchange('GET /api/healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n')
    expectProblemAnswer(answer, 400, 'bad_request')
  })

  it('answers headers over 16 KiB with 431 problem+json', async () => {
    const big = `GET /api/healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`
    expectProblemAnswer(await exchange(big), 431, 'headers_too_large')
  })

  it('answers a body that never arrives with 408 problem+json once the request timeout passes', async () => {
    const answer = await exchange(
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"em',
    )
    expectProblemAnswer(answer, 408, 'request_timeout')
    // 1 s timeout, checked every 500 ms: never the 30 s of Node's default checking interval.
    expect(answer.tookMs).toBeGreaterThanOrEqual(900)
    expect(answer.tookMs).toBeLessThan(4000)
  })

  it('answers headers that never finish with 408 problem+json', async () => {
    const answer = await exchange('GET /api/healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ')
    expectProblemAnswer(answer, 408, 'request_timeout')
    expect(answer.tookMs).toBeLessThan(4000)
  })
})

describe('connection bounds', () => {
  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const socket = await open()
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())))
    const sent = Date.now()
    socket.write('GET /api/healthz HTTP/1.1\r\nHost: x\r\n\r\n')
    const closedAt = await closed
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/^HTTP\/1\.1 200 /)
    expect(closedAt - sent).toBeLessThan(5000)
  })

  it('refuses connections beyond GATEHOUSE_MAX_CONNECTIONS and serves again once they close', async () => {
    const held = await Promise.all(Array.from({ length: 20 }, () => open()))
    // Each held connection has sent half a request line, so none is idle-closed before we look.
    for (const socket of held) socket.write('GET /api/hea')
    const refused = await new Promise<boolean>((resolve) => {
      const extra = connect(port, '127.0.0.1')
      extra.on('data', () => resolve(false))
      extra.on('close', () => resolve(true))
      extra.on('error', () => resolve(true))
      extra.on('connect', () =>
        extra.write('GET /api/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      )
    })
    expect(refused).toBe(true)
    for (const socket of held) socket.destroy()
    await new Promise((resolve) => setTimeout(resolve, 200))
    const answer = await exchange('GET /api/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(answer.status).toBe(200)
  })
})
