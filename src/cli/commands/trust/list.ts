import type { Command } from 'commander'
import { describeConditions } from '../../../contract/values.ts'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, stderr, stdout, withSpinner } from '../../output.ts'
import { listUpTo, sayWhenCutShort, withLimit } from '../../paging.ts'
import { resolveOrganization } from '../../resolve.ts'

export function registerTrustList(trust: Command) {
  const command = trust
    .command('list')
    .description("List the organization's trusts, with the jobs each accepts in words")
    .action(
      async (options: { org?: string; limit: number; json?: boolean; quiet?: boolean }, cmd: Command) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const { results, more } = await withSpinner('Loading trusts', options, () =>
          listUpTo(client, 'listOidcTrusts', { organizationId: organization.id }, options.limit),
        )
        sayWhenCutShort(more, options.limit, 'trusts')
        if (options.json) return stdout.json(results)
        if (options.quiet) return stdout.lines(results.map((t) => t.id))
        if (results.length === 0) return stderr.line('No trust: `gatehouse trust create` makes one.')
        stdout.line(
          renderTable(results, [
            { header: 'NAME', value: (t) => t.name, shrinkable: true },
            { header: 'JOBS', value: (t) => describeConditions(t.conditions), shrinkable: true },
            { header: 'ROLE', value: (t) => t.role_name },
            { header: 'LIFETIME', value: (t) => `${t.token_lifetime_seconds} s`, drop: 2 },
            { header: 'ISSUER', value: (t) => t.issuer, shrinkable: true, drop: 1 },
            { header: 'ID', value: (t) => t.id, drop: 3 },
          ]),
        )
      },
    )
  withLimit(command, 'trusts')
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the ids')
  withExamples(command, 'gatehouse trust list --org acme', "gatehouse trust list --json | jq -r '.[].name'")
}
