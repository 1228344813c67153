import { expect, it } from 'vitest'
import { call } from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /readyz: happy', (gatehouse) => {
  it('answers 200 with the database driver, without any credential', async () => {
    const res = await call(gatehouse(), 'GET', '/readyz')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ready', database: gatehouse().driver })
  })
})
