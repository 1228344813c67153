import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { confirmOrRefuse } from '../../confirm.ts'
import { contextFor } from '../../context.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { findByIdOrName, resolveOrganization } from '../../resolve.ts'

export function registerTrustDelete(trust: Command) {
  const command = trust
    .command('delete')
    .description('Delete a trust; the tokens it issued stop working at once')
    .argument('<trust>', 'the trust, by id or name')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(
      async (wanted: string, options: { org?: string; yes?: boolean; json?: boolean }, cmd: Command) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const { results } = await withSpinner('Loading trusts', options, () =>
          client.listAll('listOidcTrusts', { organizationId: organization.id }, { pageSize: 1000 }),
        )
        const target = findByIdOrName(results, wanted, 'trust', 'see `gatehouse trust list`')
        await confirmOrRefuse(
          options.yes,
          `Delete the trust "${target.name}"? Its jobs will get no more tokens, and the ones they have stop working.`,
        )
        await withSpinner('Deleting the trust', options, () =>
          client.deleteOidcTrust({ organizationId: organization.id, oidcTrustId: target.id }),
        )
        if (options.json) return stdout.json({ id: target.id, name: target.name, deleted: true })
        stderr.line(`Deleted the trust "${target.name}" (${target.id}).`)
      },
    )
  withOrg(command)
  withJson(command)
  withExamples(
    command,
    'gatehouse trust delete deploy-main',
    'gatehouse trust delete deploy-main --org acme --yes',
  )
}
