import { expect, it } from 'vitest'
import { call } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /readyz: security', (gatehouse) => {
  it('tells nothing about the database beyond its kind: no URL, host, user or version', async () => {
    const res = await call(gatehouse(), 'GET', '/readyz')
    expect(Object.keys(res.body).sort()).toEqual(['database', 'status'])
    expect(res.text).not.toMatch(/postgres:\/\/|127\.0\.0\.1|localhost|PostgreSQL \d/)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('answers without a credential and ignores a bad one', async () => {
    const res = await call(gatehouse(), 'GET', '/readyz', { headers: { authorization: 'Bearer x' } })
    expect(res.status).toBe(200)
  })
})
