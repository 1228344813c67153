import { expect, it } from 'vitest'
import { call } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /healthz: happy', (gatehouse) => {
  it('answers 200 without any credential', async () => {
    const res = await call(gatehouse(), 'GET', '/healthz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
  })
})
