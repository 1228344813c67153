import Fastify, { type FastifyBaseLogger } from 'fastify'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { LazyRequestLogger, lazyRequestLogger } from './request-logger.ts'

/** A pino logger writing its lines into an array. */
function recordingLogger(level: string) {
  const lines: Array<Record<string, unknown>> = []
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) })
  return { lines, logger }
}

describe('lazyRequestLogger', () => {
  it('makes no child for a request that logs nothing, and one the first time it logs', () => {
    const { lines, logger } = recordingLogger('warn')
    const requestLogger = new LazyRequestLogger(logger, { reqId: 'req-7' }, {})
    expect(requestLogger.made).toBe(false)
    requestLogger.info('below the level')
    expect(requestLogger.made).toBe(false)
    expect(lines).toEqual([])
    requestLogger.warn({ detail: 'x' }, 'at the level')
    expect(requestLogger.made).toBe(true)
    expect(lines).toMatchObject([{ reqId: 'req-7', detail: 'x', msg: 'at the level', level: 40 }])
  })

  it("answers the level, and a child of it carries the request's bindings too", () => {
    const { lines, logger } = recordingLogger('info')
    const requestLogger = new LazyRequestLogger(logger, { reqId: 'req-8' }, {})
    expect(requestLogger.level).toBe('info')
    expect(requestLogger.isLevelEnabled('debug')).toBe(false)
    expect(requestLogger.isLevelEnabled('error')).toBe(true)
    requestLogger.child({ step: 'inner' }, {}).error('failed')
    expect(lines).toMatchObject([{ reqId: 'req-8', step: 'inner', msg: 'failed' }])
  })

  it("keeps a route's own level, which may be below the server's", () => {
    const { lines, logger } = recordingLogger('warn')
    const requestLogger = new LazyRequestLogger(logger, { reqId: 'req-9' }, { level: 'debug' })
    expect(requestLogger.level).toBe('debug')
    requestLogger.debug('route-level line')
    expect(lines).toMatchObject([{ reqId: 'req-9', msg: 'route-level line', level: 20 }])
  })

  it("serves Fastify: its request lines and a handler's lines carry the request id", async () => {
    const { lines, logger } = recordingLogger('info')
    const app = Fastify({
      loggerInstance: logger as FastifyBaseLogger,
      childLoggerFactory: lazyRequestLogger,
    })
    app.get('/quiet', async () => ({ ok: true }))
    app.get('/talks', async (request) => {
      request.log.warn('handler line')
      return { ok: true }
    })
    await app.inject({ method: 'GET', url: '/talks' })
    await app.inject({ method: 'GET', url: '/quiet' })
    await app.close()
    const handlerLine = lines.find((line) => line.msg === 'handler line')
    expect(handlerLine?.reqId).toEqual(expect.any(String))
    const requestLines = lines.filter((line) => line.msg === 'incoming request')
    expect(requestLines).toHaveLength(2)
    expect(new Set(requestLines.map((line) => line.reqId)).size).toBe(2)
    expect(requestLines[0]?.reqId).toBe(handlerLine?.reqId)
  })
})
