import { expect, it } from 'vitest'
import { call, createApiToken, createOrganization, signUpAndLogIn } from '../../../../test/support/api.ts'
import { createProject } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('GET /project/{id}: happy', (gatehouse) => {
  it('answers the project, to a member and to a token of its organization', async () => {
    const owner = await signUpAndLogIn(gatehouse())
    const org = await createOrganization(gatehouse(), owner)
    const project = await createProject(gatehouse(), org, { name: 'payments', description: 'money' })
    const token = await createApiToken(gatehouse(), org, 'viewer')
    for (const as of [owner.as, token.as]) {
      const res = await call(gatehouse(), 'GET', `/project/${project.id}`, { as })
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        id: project.id,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        name: 'payments',
        description: 'money',
        organization: { id: org.id },
      })
    }
  })
})
