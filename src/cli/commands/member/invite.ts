import type { Command } from 'commander'
import { commandLine, orgFlag, withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { explainRefusal } from '../../errors.ts'
import { stdout, withSpinner } from '../../output.ts'
import { callerRole, listRoles, resolveOrganization, resolveRole } from '../../resolve.ts'

export function registerMemberInvite(member: Command) {
  const command = member
    .command('invite')
    .description('Invite someone by email, with a role; prints the invitation link')
    .argument('<email>', 'the email address to invite')
    .option('--role <name or id>', 'the role they will have (asked for on a terminal)')
    .action(
      async (
        email: string,
        options: { org?: string; role?: string; json?: boolean; quiet?: boolean },
        cmd: Command,
      ) => {
        const listing = (...flags: string[]) =>
          commandLine('gatehouse', 'member', 'list', ...flags, ...orgFlag(options.org))
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const roles = await withSpinner('Loading roles', options, () => listRoles(client, organization.id))
        const role = await resolveRole(roles, options.role, () => callerRole(client, organization.id, roles))
        const invitation = await withSpinner('Inviting', options, () =>
          client.postInviteMember({ organizationId: organization.id, body: { email, role_id: role.id } }),
        ).catch(
          explainRefusal({
            invitation_pending: `${email} already has a pending invitation: see \`${listing('--invitations')}\`.`,
            email_taken: `${email} is already a member: see \`${listing()}\`.`,
          }),
        )
        if (options.json) return stdout.json(invitation)
        if (options.quiet) return stdout.line(invitation.invitation_link)
        stdout.line(`Invited ${invitation.email} as ${invitation.role_name}. Invitation link:`)
        stdout.line(invitation.invitation_link)
      },
    )
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the invitation link')
  withExamples(command, 'gatehouse member invite ada@example.com --role devops')
}
