import { expect, it } from 'vitest'
import { call, createOrganization, signUpAndLogIn, uniqueSuffix } from '../support/api.ts'
import { describeEachDatabase } from '../support/harness.ts'

/**
 * Writes racing the deletion of their organization: each answers its success or a clean 4xx
 * (404 once the organization is gone, 409 when the database asks for a retry), never a 500 from a foreign key that vanished meanwhile.
 */
describeEachDatabase('writes racing an organization deletion', (gatehouse) => {
  it('never answer 500', async () => {
    const gh = gatehouse()
    const statuses = new Set<number>()
    for (let round = 0; round < 6; round++) {
      const owner = await signUpAndLogIn(gh)
      const org = await createOrganization(gh, owner)
      const writes = [
        ...Array.from({ length: 4 }, (_, i) =>
          call(gh, 'POST', `/organization/${org.id}/project`, { as: owner.as, body: { name: `p${i}` } }),
        ),
        ...Array.from({ length: 4 }, (_, i) =>
          call(gh, 'POST', `/organization/${org.id}/apiToken`, { as: owner.as, body: { name: `t${i}` } }),
        ),
        ...Array.from({ length: 4 }, () =>
          call(gh, 'POST', `/organization/${org.id}/inviteMember`, {
            as: owner.as,
            body: { email: `x-${uniqueSuffix()}@example.test`, role_id: org.roles.viewer },
          }),
        ),
      ]
      const deletion = call(gh, 'DELETE', `/organization/${org.id}`, { as: owner.as })
      const answers = await Promise.all([...writes, deletion])
      for (const answer of answers) statuses.add(answer.status)
      expect(answers.at(-1)?.status).toBe(204)
      for (const answer of answers.slice(0, -1)) expect([201, 404, 409]).toContain(answer.status)
    }
    expect(statuses.has(500)).toBe(false)
  })
})
