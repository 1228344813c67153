import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { stdout, withSpinner } from '../../output.ts'
import { listRoles, type Results, resolveOrganization, resolveRole } from '../../resolve.ts'
import { findMember, type Member } from './types.ts'

export function registerMemberSetRole(member: Command) {
  const command = member
    .command('set-role')
    .description("Change a member's role")
    .argument('<member>', 'the member, by email, name or user id')
    .argument('<role>', 'the new role, by name or id')
    .action(
      async (wanted: string, roleName: string, options: { org?: string; json?: boolean }, cmd: Command) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const [{ results }, roles] = await withSpinner('Loading members and roles', options, () =>
          Promise.all([
            client.request<Results<Member>>('GET', `/organization/${organization.id}/member`),
            listRoles(client, organization.id),
          ]),
        )
        const target = findMember(results, wanted)
        const role = await resolveRole(roles, roleName)
        const updated = await withSpinner('Changing the role', options, () =>
          client.request<Member>('PUT', `/organization/${organization.id}/member`, {
            body: { user_id: target.id, role_id: role.id },
          }),
        )
        if (options.json) return stdout.json(updated)
        stdout.line(`${target.name} <${target.email}> is now ${role.name}.`)
      },
    )
  withOrg(command)
  withJson(command)
  withExamples(command, 'gatehouse member set-role ada@example.com admin --org acme')
}
