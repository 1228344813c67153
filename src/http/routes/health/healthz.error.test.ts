import { expect, it } from 'vitest'
import { call, expectProblem } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /healthz: errors', (gatehouse) => {
  it('still answers 200 with a broken Authorization header: liveness needs no credential', async () => {
    const res = await call(gatehouse(), 'GET', '/healthz', { headers: { authorization: 'Token broken' } })
    expect(res.status).toBe(200)
  })

  it('answers a problem for a method it does not serve', async () => {
    const res = await call(gatehouse(), 'POST', '/healthz', { body: {} })
    expectProblem(res, 404)
  })
})
