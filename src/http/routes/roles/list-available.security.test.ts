import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /organization/{id}/availableRole: security', (gatehouse) => {
  it("answers 404 for another organization's roles, to a user and to a token", async () => {
    const ann = await signUpAndLogIn(gatehouse())
    const bob = await signUpAndLogIn(gatehouse())
    const annOrg = await createOrganization(gatehouse(), ann)
    const bobOrg = await createOrganization(gatehouse(), bob)
    const annToken = await createApiToken(gatehouse(), annOrg, 'admin')
    for (const as of [ann.as, annToken.as]) {
      const res = await call(gatehouse(), 'GET', `/organization/${bobOrg.id}/availableRole`, { as })
      expectProblem(res, 404)
      expect(res.text).not.toContain(bobOrg.roles.admin)
    }
  })

  it('gives each organization roles of its own', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const first = await createOrganization(gatehouse(), owner)
    const second = await createOrganization(gatehouse(), owner)
    const firstIds = Object.values(first.roles)
    for (const id of Object.values(second.roles)) expect(firstIds).not.toContain(id)
  })
})
