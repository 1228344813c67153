import { type Command, Option } from 'commander'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { listUpTo, sayWhenCutShort, withLimit } from '../../paging.ts'
import { resolveOrganization } from '../../resolve.ts'
import { lastUsedWords, statusWords } from './show.ts'

/** Lists tokens: never their values, which the server does not keep. */
export function registerTokenList(token: Command) {
  const command = token
    .command('list')
    .description("List the organization's API tokens (never their values)")
    .option('--name <text>', 'only tokens whose name contains this')
    .option('--creator <text>', "only tokens whose creator's name contains this")
    .addOption(
      new Option('--status <status>', 'only tokens of this status').choices([
        'active',
        'expiring_soon',
        'expired',
        'revoked_leaked',
      ]),
    )
    .option('--stale', 'only tokens unused for 90 days')
    .action(
      async (
        options: {
          org?: string
          name?: string
          creator?: string
          status?: 'active' | 'expiring_soon' | 'expired' | 'revoked_leaked'
          stale?: boolean
          limit: number
          json?: boolean
          quiet?: boolean
        },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const { results, more } = await withSpinner('Loading tokens', options, () =>
          listUpTo(
            client,
            'listOrganizationApiTokens',
            {
              organizationId: organization.id,
              query: {
                name: options.name,
                creatorName: options.creator,
                status: options.status,
                stale: options.stale ? 'true' : undefined,
              },
            },
            options.limit,
          ),
        )
        sayWhenCutShort(more, options.limit, 'tokens')
        if (options.json) return stdout.json(results)
        if (options.quiet) return stdout.lines(results.map((t) => t.id))
        if (results.length === 0) return stderr.line('No API token: `gatehouse token create` makes one.')
        stdout.line(
          renderTable(results, [
            { header: 'NAME', value: (t) => t.name, shrinkable: true },
            { header: 'ROLE', value: (t) => t.role_name },
            { header: 'STATUS', value: (t) => statusWords(t) },
            { header: 'EXPIRES', value: (t) => (t.expires_at ? shortDate(t.expires_at) : 'never'), drop: 4 },
            { header: 'LAST USED', value: (t) => `${lastUsedWords(t)}${t.stale ? ' (stale)' : ''}`, drop: 5 },
            { header: 'CREATED BY', value: (t) => t.creator_name, shrinkable: true, drop: 3 },
            { header: 'CREATED', value: (t) => shortDate(t.created_at), drop: 2 },
            { header: 'ID', value: (t) => t.id },
            { header: 'DESCRIPTION', value: (t) => t.description, shrinkable: true, drop: 1 },
          ]),
        )
      },
    )
  withLimit(command, 'tokens')
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the ids')
  withExamples(
    command,
    'gatehouse token list --org acme',
    "gatehouse token list --json | jq -r '.[] | .name'",
    'gatehouse token list --limit 20000 --quiet',
    'gatehouse token list --status expired',
    'gatehouse token list --stale --quiet',
  )
}
