import { describe, expect, it } from 'vitest'
import {
  Availability,
  type AvailabilityChange,
  DatabaseUnavailableError,
  describeFailure,
  isConnectionFailure,
  leavesConnectionInDoubt,
} from './availability.ts'

/** What pg gives for an error the server sent: a SQLSTATE and a severity. */
const serverError = (code: string) =>
  Object.assign(new Error(`server says ${code}`), { code, severity: 'ERROR' })
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code })

describe('isConnectionFailure', () => {
  it.each([
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a reset connection', socketError('ECONNRESET')],
    ['an unknown host', socketError('ENOTFOUND')],
    ["pg's query timeout", new Error('Query read timeout')],
    ["pg's connection timeout", new Error('Connection terminated due to connection timeout')],
    ["pg-pool's wait for a free connection", new Error('timeout exceeded when trying to connect')],
    ['a connection that ended mid-query', new Error('Connection terminated unexpectedly')],
    ['a statement cancelled by statement_timeout', serverError('57014')],
    ['a server shutting down', serverError('57P01')],
    ['a server starting up', serverError('57P03')],
    ['too many connections', serverError('53300')],
    ['a connection exception', serverError('08006')],
    [
      'a refused "localhost" (both addresses)',
      new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]),
    ],
    ['one already classified', new DatabaseUnavailableError(new Error('Query read timeout'))],
  ])('counts %s as the database being unavailable', (_what, error) => {
    expect(isConnectionFailure(error)).toBe(true)
  })

  it.each([
    ['a unique violation', serverError('23505')],
    ['a syntax error', serverError('42601')],
    ['a NUL in text', serverError('22021')],
    // A server error whose code looks like a socket's is still the server speaking.
    ['a server error with an errno-like code', serverError('ECONNRESET')],
    ['a bug of ours', new TypeError('Cannot read properties of undefined')],
    ['an error of ours mentioning a timeout', new Error('timeout while hashing')],
    ['nothing at all', undefined],
    ['a string', 'Query read timeout'],
  ])('does not count %s', (_what, error) => {
    expect(isConnectionFailure(error)).toBe(false)
  })
})

describe('leavesConnectionInDoubt', () => {
  it('keeps a connection the server answered on, unless the server is closing it', () => {
    expect(leavesConnectionInDoubt(serverError('23505'))).toBe(false)
    expect(leavesConnectionInDoubt(serverError('57014'))).toBe(false)
    expect(leavesConnectionInDoubt(serverError('57P01'))).toBe(true)
    expect(leavesConnectionInDoubt(serverError('08006'))).toBe(true)
  })

  it('gives up a connection whose query got no answer from the server', () => {
    expect(leavesConnectionInDoubt(new Error('Query read timeout'))).toBe(true)
    expect(leavesConnectionInDoubt(socketError('ECONNRESET'))).toBe(true)
    expect(leavesConnectionInDoubt(new TypeError('bad parameter'))).toBe(true)
  })
})

describe('describeFailure', () => {
  it('is one line with the code, never a stack, and sees through our own wrapper', () => {
    expect(describeFailure(socketError('ECONNREFUSED'))).toBe('connect ECONNREFUSED 127.0.0.1:5432')
    expect(describeFailure(new DatabaseUnavailableError(new Error('Query read timeout\nat x')))).toBe(
      'Query read timeout',
    )
    expect(describeFailure(serverError('57014'))).toBe('server says 57014')
    expect(describeFailure(Object.assign(new Error('canceling statement'), { code: '57014' }))).toBe(
      'canceling statement (57014)',
    )
    expect(describeFailure(new AggregateError([socketError('ECONNREFUSED')]))).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    )
  })
})

describe('Availability', () => {
  const watched = () => {
    const availability = new Availability()
    const changes: AvailabilityChange[] = []
    availability.watch((change) => changes.push(change))
    return { availability, changes }
  }

  it('tells one change each way per outage, however many failures it sees meanwhile', () => {
    const { availability, changes } = watched()
    for (let i = 0; i < 50; i++) availability.failed('queries', new Error('Query read timeout'))
    availability.failed('notifications', socketError('ECONNRESET'))
    expect(changes).toEqual([{ available: false, part: 'queries', cause: 'Query read timeout' }])
    expect(availability.available).toBe(false)
    availability.worked('queries')
    // Still an outage while notifications fail.
    expect(changes).toHaveLength(1)
    availability.worked('notifications')
    expect(changes).toHaveLength(2)
    expect(changes[1]).toMatchObject({ available: true })
    expect(availability.available).toBe(true)
    // A success without an outage says nothing.
    availability.worked('queries')
    expect(changes).toHaveLength(2)
  })

  it('probes the part still failing when another works again, so an idle process sees the end', async () => {
    const { availability, changes } = watched()
    let probes = 0
    availability.probeWith('queries', async () => {
      probes++
      availability.worked('queries')
    })
    availability.failed('notifications', socketError('ECONNRESET'))
    availability.failed('queries', socketError('ECONNREFUSED'))
    availability.worked('notifications')
    await Promise.resolve()
    expect(probes).toBe(1)
    expect(changes.map((change) => change.available)).toEqual([false, true])
  })

  it('keeps telling the other watchers when one of them throws', () => {
    const availability = new Availability()
    const seen: boolean[] = []
    availability.watch(() => {
      throw new Error('a broken watcher')
    })
    availability.watch((change) => seen.push(change.available))
    availability.failed('queries', new Error('Query read timeout'))
    expect(seen).toEqual([false])
  })
})
