import { describe, expect, it } from 'vitest'
import { serializeError, serializeRequest } from './logging.ts'

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
})
