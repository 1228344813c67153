import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { confirmOrRefuse } from '../../confirm.ts'
import { contextFor } from '../../context.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { findByIdOrName, resolveOrganization } from '../../resolve.ts'

/** Deletes a token by id or name; the server refuses it from the very next request. */
export function registerTokenDelete(token: Command) {
  const command = token
    .command('delete')
    .description('Delete an API token: it stops working at once')
    .argument('<token>', 'the token, by id or name')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(
      async (wanted: string, options: { org?: string; yes?: boolean; json?: boolean }, cmd: Command) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const { results } = await withSpinner('Loading tokens', options, () =>
          client.listAll(
            'listOrganizationApiTokens',
            { organizationId: organization.id },
            { pageSize: 1000 },
          ),
        )
        const target = findByIdOrName(results, wanted, 'API token', 'see `gatehouse token list`')
        await confirmOrRefuse(
          options.yes,
          `Delete the API token "${target.name}" (role ${target.role_name})? Anything using it will be refused.`,
        )
        await withSpinner('Deleting the token', options, () =>
          client.deleteOrganizationApiToken({ organizationId: organization.id, apiTokenId: target.id }),
        )
        if (options.json) return stdout.json({ id: target.id, name: target.name, deleted: true })
        stderr.line(`Deleted the API token "${target.name}" (${target.id}).`)
      },
    )
  withOrg(command)
  withJson(command)
  withExamples(command, 'gatehouse token delete ci', 'gatehouse token delete ci --org acme --yes')
}
