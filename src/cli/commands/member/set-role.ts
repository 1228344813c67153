import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { explainRefusal, usageError } from '../../errors.ts'
import { stdout, withSpinner } from '../../output.ts'
import { callerRole, findMember, listRoles, resolveOrganization, resolveRole } from '../../resolve.ts'

export function registerMemberSetRole(member: Command) {
  const command = member
    .command('set-role')
    .description("Change a member's role")
    .argument('<member>', 'the member, by email, name or user id')
    .argument('[role]', 'the new role, by name or id (asked for on a terminal)')
    .option('--role <name or id>', 'the new role, as with `token create` and `member invite`')
    .action(
      async (
        wanted: string,
        roleArgument: string | undefined,
        options: { org?: string; role?: string; json?: boolean },
        cmd: Command,
      ) => {
        if (roleArgument !== undefined && options.role !== undefined && roleArgument !== options.role)
          throw usageError(`Two roles given ("${roleArgument}" and --role "${options.role}"): give one.`)
        const roleName = roleArgument ?? options.role
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const [{ results }, roles] = await withSpinner('Loading members and roles', options, () =>
          Promise.all([
            client.listAll('getOrganizationMembers', { organizationId: organization.id }, { pageSize: 1000 }),
            listRoles(client, organization.id),
          ]),
        )
        const target = findMember(results, wanted)
        const role = await resolveRole(roles, roleName, () => callerRole(client, organization.id, roles))
        const updated = await withSpinner('Changing the role', options, () =>
          client.editOrganizationMemberRole({
            organizationId: organization.id,
            body: { user_id: target.id, role_id: role.id },
          }),
        ).catch(
          explainRefusal({
            ownership_transfer_required: `${target.name} <${target.email}> owns the organization: the owner's role changes only by a transfer of ownership to another member.`,
          }),
        )
        if (options.json) return stdout.json(updated)
        stdout.line(`${target.name} <${target.email}> is now ${role.name}.`)
      },
    )
  withOrg(command)
  withJson(command)
  withExamples(
    command,
    'gatehouse member set-role ada@example.com admin --org acme',
    'gatehouse member set-role ada@example.com --role DevOps',
  )
}
