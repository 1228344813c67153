import { expect, it } from 'vitest'
import {
  addMember,
  call,
  createApiToken,
  createOrganization,
  expectProblem,
  signUpAndLogIn,
} from '../support/api.ts'
import {
  countRows,
  createCustomRole,
  createProject,
  customRoleBody,
  holdersOfCustomRole,
} from '../support/fixtures.ts'
import { describeEachDatabase } from '../support/harness.ts'

describeEachDatabase('custom roles and the no-escalation rule', (gatehouse) => {
  it('lets devops give a token a custom role, and refuses every way a holder could reach for more', async () => {
    const gh = gatehouse()
    const owner = await signUpAndLogIn(gh)
    const org = await createOrganization(gh, owner)
    const web = await createProject(gh, org, { name: 'web' })
    const role = await createCustomRole(gh, org, {
      name: 'ci',
      projects: [{ project_id: web.id, is_admin: true }],
    })
    // Devops reads, writes and deploys everywhere: a custom role allows less, so devops may give it.
    const devops = await createApiToken(gh, org, 'devops')
    const byDevops = await call(gh, 'POST', `/organization/${org.id}/apiToken`, {
      as: devops.as,
      body: { name: 'given by devops', role_id: role.id },
    })
    expect(byDevops.status, byDevops.text).toBe(201)
    // A viewer (user) cannot give one to a member, nor devops (no member management).
    const devopsUser = await addMember(gh, org, 'devops')
    const someone = await addMember(gh, org, 'billing')
    const promote = await call(gh, 'PUT', `/organization/${org.id}/member`, {
      as: devopsUser.as,
      body: { user_id: someone.id, role_id: role.id },
    })
    expectProblem(promote, 403)

    const { member, token } = await holdersOfCustomRole(gh, org, role.id)
    const before = await countRows(gh, ['api_tokens', 'memberships', 'invitations', 'roles', 'audit_events'])
    for (const as of [member.as, token.as]) {
      const attempts = [
        // Make itself a token (of its own role, or a built-in one).
        call(gh, 'POST', `/organization/${org.id}/apiToken`, {
          as,
          body: { name: 'mine', role_id: role.id },
        }),
        call(gh, 'POST', `/organization/${org.id}/apiToken`, {
          as,
          body: { name: 'mine', role_id: org.roles.viewer },
        }),
        // Widen its own role, or make another one.
        call(gh, 'PUT', `/organization/${org.id}/customRole/${role.id}`, {
          as,
          body: customRoleBody('ci', [{ project_id: web.id, is_admin: true }]),
        }),
        call(gh, 'POST', `/organization/${org.id}/customRole`, { as, body: { name: 'more' } }),
        // Promote itself or invite someone.
        call(gh, 'PUT', `/organization/${org.id}/member`, {
          as,
          body: { user_id: member.id, role_id: org.roles.admin },
        }),
        call(gh, 'POST', `/organization/${org.id}/inviteMember`, {
          as,
          body: { email: 'friend@example.test', role_id: role.id },
        }),
        // Create a project (is_admin is per project, never organization-wide).
        call(gh, 'POST', `/organization/${org.id}/project`, { as, body: { name: 'new' } }),
      ]
      for (const response of await Promise.all(attempts)) expectProblem(response, 403)
    }
    expect(
      await countRows(gh, ['api_tokens', 'memberships', 'invitations', 'roles', 'audit_events']),
    ).toEqual(before)
  })
})
