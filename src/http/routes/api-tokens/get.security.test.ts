import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { unknownId } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/apiToken/{tokenId}: security', (gatehouse) => {
  it("answers another organization's token id as if it did not exist, word for word", async () => {
    const ann = await signUpAndLogIn(gatehouse())
    const bob = await signUpAndLogIn(gatehouse())
    const annOrg = await createOrganization(gatehouse(), ann)
    const bobToken = await createApiToken(gatehouse(), await createOrganization(gatehouse(), bob), 'admin')
    const annToken = await createApiToken(gatehouse(), annOrg, 'admin')
    for (const as of [ann.as, annToken.as]) {
      const foreign = await call(gatehouse(), 'GET', `/organization/${annOrg.id}/apiToken/${bobToken.id}`, {
        as,
      })
      const unknown = await call(gatehouse(), 'GET', `/organization/${annOrg.id}/apiToken/${unknownId}`, {
        as,
      })
      expectProblem(foreign, 404)
      expect(foreign.text).toBe(unknown.text)
    }
  })

  it('never answers the value, its digest, or the previous value of a rotated token', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const token = await createApiToken(gatehouse(), org, 'viewer')
    const rotated = await call(gatehouse(), 'POST', `/organization/${org.id}/apiToken/${token.id}/rotate`, {
      as: owner.as,
      body: { grace_period_seconds: 3600 },
    })
    expect(rotated.status).toBe(201)
    const res = await call(gatehouse(), 'GET', `/organization/${org.id}/apiToken/${token.id}`, {
      as: owner.as,
    })
    expect(res.status).toBe(200)
    for (const secret of [token.token, rotated.body.token]) expect(res.text).not.toContain(secret)
    expect(res.text).not.toMatch(/gtok_|digest/)
  })
})
