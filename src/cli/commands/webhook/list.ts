import type { Command } from 'commander'
import { webhookEventTypes } from '../../../contract/values.ts'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { listUpTo, sayWhenCutShort, withLimit } from '../../paging.ts'
import { resolveOrganization } from '../../resolve.ts'
import { webhookStateWords } from './words.ts'

/** Lists webhooks: never their secrets, which the server answers only at creation. */
export function registerWebhookList(webhook: Command) {
  const command = webhook
    .command('list')
    .description("List the organization's webhooks (never their secrets)")
    .action(
      async (options: { org?: string; limit: number; json?: boolean; quiet?: boolean }, cmd: Command) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const { results, more } = await withSpinner('Loading webhooks', options, () =>
          listUpTo(client, 'listWebhooks', { organizationId: organization.id }, options.limit),
        )
        sayWhenCutShort(more, options.limit, 'webhooks')
        if (options.json) return stdout.json(results)
        if (options.quiet) return stdout.lines(results.map((w) => w.id))
        if (results.length === 0) return stderr.line('No webhook: `gatehouse webhook create` adds one.')
        stdout.line(
          renderTable(results, [
            { header: 'URL', value: (w) => w.url, shrinkable: true },
            {
              header: 'EVENTS',
              value: (w) => (w.events.length === webhookEventTypes.length ? 'all' : w.events.join(', ')),
              shrinkable: true,
            },
            { header: 'STATE', value: (w) => webhookStateWords(w, shortDate), shrinkable: true },
            { header: 'ID', value: (w) => w.id },
            { header: 'DESCRIPTION', value: (w) => w.description, shrinkable: true, drop: 1 },
          ]),
        )
      },
    )
  withLimit(command, 'webhooks')
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the ids')
  withExamples(
    command,
    'gatehouse webhook list --org acme',
    "gatehouse webhook list --json | jq -r '.[].url'",
  )
}
