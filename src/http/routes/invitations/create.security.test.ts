import { expect, it } from 'vitest'
import {
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../../../../test/support/api.ts'
import { createTeam, everyRole, invitationRows } from '../../../../test/support/fixtures.ts'
import { describeEachDatabase } from '../../../../test/support/harness.ts'

describeEachDatabase('POST /organization/{id}/inviteMember: security', (gatehouse) => {
  it('only owner and admin may invite (the matrix)', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const expected = { owner: 201, admin: 201, devops: 403, billing: 403, viewer: 403 }
    for (const role of everyRole) {
      const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
        as: members[role].as,
        body: { email: `invited-by-${role}@example.test`, role_id: org.roles.viewer },
      })
      expect(res.status, role).toBe(expected[role])
    }
    const emails = (await invitationRows(gatehouse(), org.id)).map((row) => row.email).sort()
    expect(emails).toEqual(['invited-by-admin@example.test', 'invited-by-owner@example.test'])
  })

  it('an admin token may invite; a devops token may not', async () => {
    const { org } = await createTeam(gatehouse())
    const admin = await createApiToken(gatehouse(), org, 'admin')
    const devops = await createApiToken(gatehouse(), org, 'devops')
    const refused = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
      as: devops.as,
      body: { email: 'by-devops-token@example.test', role_id: org.roles.viewer },
    })
    expectProblem(refused, 403)
    const allowed = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
      as: admin.as,
      body: { email: 'by-admin-token@example.test', role_id: org.roles.admin },
    })
    expect(allowed.status).toBe(201)
    expect((await invitationRows(gatehouse(), org.id)).map((row) => row.email)).toEqual([
      'by-admin-token@example.test',
    ])
  })

  it('an admin cannot invite someone as owner', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const res = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
      as: members.admin.as,
      body: { email: 'usurper@example.test', role_id: org.roles.owner },
    })
    expect(res.status).toBe(400)
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(0)
  })

  it('another organization answers 404; its role ids are refused here; nothing is created', async () => {
    const { org, users: members } = await createTeam(gatehouse())
    const other = await createOrganization(gatehouse(), await signUpAndLogIn(gatehouse()))
    const intoTheirs = await call(gatehouse(), 'POST', `/organization/${other.id}/inviteMember`, {
      as: members.admin.as,
      body: { email: 'sneaky@example.test', role_id: other.roles.viewer },
    })
    expectProblem(intoTheirs, 404)
    const token = await createApiToken(gatehouse(), org, 'admin')
    const tokenIntoTheirs = await call(gatehouse(), 'POST', `/organization/${other.id}/inviteMember`, {
      as: token.as,
      body: { email: 'sneaky@example.test', role_id: other.roles.viewer },
    })
    expectProblem(tokenIntoTheirs, 404)
    const theirRoleHere = await call(gatehouse(), 'POST', `/organization/${org.id}/inviteMember`, {
      as: members.admin.as,
      body: { email: 'sneaky@example.test', role_id: other.roles.viewer },
    })
    expectProblem(theirRoleHere, 400)
    expect(await invitationRows(gatehouse(), other.id)).toHaveLength(0)
    expect(await invitationRows(gatehouse(), org.id)).toHaveLength(0)
  })
})
