import { describe, expect, it } from 'vitest'
import { generateToken } from '../core/token.ts'
import { prettyLogStream, serializeError, serializeRequest, serverLoggerOptions } from './logging.ts'

describe('serializeError', () => {
  it('keeps what explains an error and drops the values a database driver attaches', () => {
    const error = Object.assign(new Error('invalid byte sequence'), {
      code: '22021',
      params: ['client text', 'gtok_secretsecret'],
      query: 'insert into users (email) values ($1)',
      detail: 'Key (email)=(someone@example.test) already exists.',
    })
    const serialized = serializeError(error)
    expect(serialized).toMatchObject({ message: 'invalid byte sequence', code: '22021', type: 'Error' })
    expect(serialized.stack).toContain('invalid byte sequence')
    const text = JSON.stringify(serialized)
    for (const leaked of ['client text', 'gtok_secretsecret', 'insert into', 'someone@example.test']) {
      expect(text).not.toContain(leaked)
    }
  })
})

describe('serializeRequest', () => {
  it('logs the path without its query string', () => {
    const logged = serializeRequest({
      method: 'GET',
      url: '/api/organization/x/apiToken?name=gtok_pasted',
      ip: '10.0.0.1',
    })
    expect(logged).toEqual({ method: 'GET', path: '/api/organization/x/apiToken', remoteAddress: '10.0.0.1' })
  })

  it('redacts a token pasted into the path', () => {
    const token = generateToken('api_token')
    const logged = serializeRequest({ method: 'GET', url: `/api/organization/${token}/apiToken?x=1` })
    expect(logged.path).toBe('/api/organization/gtok_[redacted]/apiToken')
  })
})

describe('prettyLogStream', () => {
  const at = Date.UTC(2026, 0, 2, 3, 4, 5)
  const json = (entry: Record<string, unknown>) =>
    JSON.stringify({ level: 30, time: at, pid: 1, hostname: 'h', ...entry })
  function collect(options: { stacks?: boolean } = {}) {
    const lines: string[] = []
    const stream = prettyLogStream({ write: (text) => lines.push(text), ...options })
    return { lines, write: (entry: Record<string, unknown>) => stream.write(json(entry)) }
  }
  const clock = new Date(at).toTimeString().slice(0, 8)

  it("joins Fastify's two lines of a request into one, written when it is answered", () => {
    const log = collect()
    log.write({ reqId: 'req-1', req: { method: 'GET', path: '/api/healthz' }, msg: 'incoming request' })
    expect(log.lines).toEqual([])
    log.write({ reqId: 'req-1', res: { statusCode: 200 }, responseTime: 1.234, msg: 'request completed' })
    expect(log.lines).toEqual([`${clock} GET /api/healthz 200 1.2 ms\n`])
  })

  it('writes an error as one line with its message, and its stack only when asked', () => {
    const err = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at somewhere (file.ts:1:1)' }
    const quiet = collect()
    quiet.write({ level: 50, reqId: 'req-2', err, msg: 'request failed', code: 'E1' })
    expect(quiet.lines).toEqual([`${clock} ERROR request failed Error: boom code=E1\n`])
    const detailed = collect({ stacks: true })
    detailed.write({ level: 50, err, msg: 'request failed' })
    expect(detailed.lines[0]).toContain('\n    at somewhere (file.ts:1:1)')
  })

  it('names the request a warning happened in', () => {
    const log = collect()
    log.write({ reqId: 'req-3', req: { method: 'POST', path: '/api/auth/login' }, msg: 'incoming request' })
    log.write({ level: 40, reqId: 'req-3', msg: 'rate limited', limit: 30 })
    expect(log.lines).toEqual([`${clock} WARN  [POST /api/auth/login] rate limited limit=30\n`])
  })

  it('prints only what the JSON line holds: redacted values stay redacted', () => {
    const log = collect()
    log.write({ level: 40, msg: 'odd header', headers: { authorization: '[redacted]' } })
    expect(log.lines[0]).toContain('headers={"authorization":"[redacted]"}')
  })

  it('passes through what is not JSON', () => {
    const lines: string[] = []
    prettyLogStream({ write: (text) => lines.push(text) }).write('plain text\n')
    expect(lines).toEqual(['plain text\n'])
  })

  it('forgets the oldest unanswered requests beyond a bound', () => {
    const log = collect()
    for (let i = 0; i <= 1000; i++)
      log.write({ reqId: `r${i}`, req: { method: 'GET', path: `/p${i}` }, msg: 'incoming request' })
    log.write({ reqId: 'r0', res: { statusCode: 200 }, msg: 'request completed' })
    log.write({ reqId: 'r1000', res: { statusCode: 200 }, msg: 'request completed' })
    expect(log.lines).toEqual([`${clock} request 200\n`, `${clock} GET /p1000 200\n`])
  })
})

describe('serverLoggerOptions', () => {
  it('leaves JSON to pino and gives a pretty stream otherwise', () => {
    expect(serverLoggerOptions({ logLevel: 'warn', logFormat: 'json' })).toEqual({ level: 'warn' })
    const pretty = serverLoggerOptions({ logLevel: 'info', logFormat: 'pretty' })
    expect(pretty.level).toBe('info')
    expect(typeof pretty.stream?.write).toBe('function')
  })
})
