import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { confirmOrRefuse } from '../../confirm.ts'
import { contextFor } from '../../context.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { resolveCustomRole, resolveOrganization } from '../../resolve.ts'

/** Deletes a custom role nobody holds (the server says who still does). */
export function registerRoleDelete(role: Command) {
  const command = role
    .command('delete')
    .description('Delete a custom role that no member, token or invitation holds')
    .argument('<role>', 'the custom role, by name or id')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(
      async (wanted: string, options: { org?: string; yes?: boolean; json?: boolean }, cmd: Command) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const target = await withSpinner('Loading roles', options, () =>
          resolveCustomRole(client, organization.id, wanted),
        )
        await confirmOrRefuse(options.yes, `Delete the custom role "${target.name}"?`)
        await withSpinner('Deleting the role', options, () =>
          client.deleteOrganizationCustomRole({ organizationId: organization.id, customRoleId: target.id }),
        )
        if (options.json) return stdout.json({ id: target.id, name: target.name, deleted: true })
        stderr.line(`Deleted the custom role "${target.name}" (${target.id}).`)
      },
    )
  withOrg(command)
  withJson(command)
  withExamples(command, 'gatehouse role delete web-ci', 'gatehouse role delete web-ci --yes')
}
