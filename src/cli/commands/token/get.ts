import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { stdout, withSpinner } from '../../output.ts'
import { resolveOrganization } from '../../resolve.ts'
import { findToken } from './find.ts'
import { printToken } from './show.ts'

/** One token's details (never its value): status, expiry, last use and where from, allowed addresses. */
export function registerTokenGet(token: Command) {
  const command = token
    .command('get')
    .description("Show an API token's details: status, expiry, last use, allowed addresses (never its value)")
    .argument('<token>', 'the token, by id or name')
    .action(async (wanted: string, options: { org?: string; json?: boolean }, cmd: Command) => {
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const organization = await resolveOrganization(cli, client, options.org)
      const found = await findToken(client, organization.id, wanted, options)
      const shown = await withSpinner('Loading the token', options, () =>
        client.getOrganizationApiToken({ organizationId: organization.id, apiTokenId: found.id }),
      )
      if (options.json) return stdout.json(shown)
      printToken(shown)
    })
  withOrg(command)
  withJson(command)
  withExamples(command, 'gatehouse token get ci', "gatehouse token get ci --json | jq '.last_used_from'")
}
