import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { confirmOrRefuse } from '../../confirm.ts'
import { contextFor } from '../../context.ts'
import { explainRefusal } from '../../errors.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { findMember, resolveOrganization } from '../../resolve.ts'

export function registerMemberRemove(member: Command) {
  const command = member
    .command('remove')
    .description('Remove a member from the organization')
    .argument('<member>', 'the member, by email, name or user id')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(
      async (wanted: string, options: { org?: string; yes?: boolean; json?: boolean }, cmd: Command) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const { results } = await withSpinner('Loading members', options, () =>
          client.listAll('getOrganizationMembers', { organizationId: organization.id }, { pageSize: 1000 }),
        )
        const target = findMember(results, wanted)
        await confirmOrRefuse(
          options.yes,
          `Remove ${target.name} <${target.email}> from ${organization.name}?`,
        )
        await withSpinner('Removing', options, () =>
          client.deleteMember({ organizationId: organization.id, body: { user_id: target.id } }),
        ).catch(
          explainRefusal({
            ownership_transfer_required: `${target.name} <${target.email}> owns the organization and cannot be removed: transfer ownership to another member first.`,
          }),
        )
        if (options.json) return stdout.json({ id: target.id, email: target.email, removed: true })
        stderr.line(`Removed ${target.name} <${target.email}>.`)
      },
    )
  withOrg(command)
  withJson(command)
  withExamples(
    command,
    'gatehouse member remove ada@example.com',
    'gatehouse member remove ada@example.com --yes',
  )
}
