import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createEnvironment, createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /environment/{id}: happy', (gatehouse) => {
  it('answers the environment, to a member and to a token of its organization', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org)
    const env = await createEnvironment(gatehouse(), org, project.id, { name: 'prod', mode: 'PRODUCTION' })
    const token = await createApiToken(gatehouse(), org, 'viewer')
    for (const as of [owner.as, token.as]) {
      const res = await call(gatehouse(), 'GET', `/environment/${env.id}`, { as })
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        id: env.id,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        name: 'prod',
        mode: 'PRODUCTION',
        project: { id: project.id },
        organization: { id: org.id },
      })
    }
  })
})
