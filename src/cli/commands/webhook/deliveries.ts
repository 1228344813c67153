import type { Command } from 'commander'
import { deliveryStatusWords } from '../../../contract/values.ts'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { renderTable, shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { listUpTo, sayWhenCutShort, withLimit } from '../../paging.ts'
import { resolveOrganization } from '../../resolve.ts'
import { findWebhook } from './find.ts'

/** A webhook's deliveries, newest first (the server keeps them 30 days). */
export function registerWebhookDeliveries(webhook: Command) {
  const command = webhook
    .command('deliveries')
    .description("List a webhook's deliveries, newest first: delivered, retrying or failed")
    .argument('<webhook>', 'the webhook, by id or URL')
    .action(
      async (
        wanted: string,
        options: { org?: string; limit: number; json?: boolean; quiet?: boolean },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const target = await findWebhook(client, organization.id, wanted, options)
        const { results, more } = await withSpinner('Loading deliveries', options, () =>
          listUpTo(
            client,
            'listWebhookDeliveries',
            { organizationId: organization.id, webhookId: target.id },
            options.limit,
          ),
        )
        sayWhenCutShort(more, options.limit, 'deliveries')
        if (options.json) return stdout.json(results)
        if (options.quiet) return stdout.lines(results.map((d) => d.id))
        if (results.length === 0) return stderr.line(`No delivery to ${target.url} in the last 30 days.`)
        stdout.line(
          renderTable(results, [
            { header: 'CREATED', value: (d) => shortDate(d.created_at) },
            { header: 'EVENT', value: (d) => d.event_type },
            { header: 'STATUS', value: (d) => deliveryStatusWords(d) },
            { header: 'ATTEMPTS', value: (d) => String(d.attempts), drop: 3 },
            {
              header: 'CODE',
              value: (d) => (d.last_status_code === null ? '-' : String(d.last_status_code)),
            },
            { header: 'ID', value: (d) => d.id },
            { header: 'NEXT ATTEMPT', value: (d) => shortDate(d.next_attempt_at), drop: 2 },
            { header: 'ERROR', value: (d) => d.last_error ?? '', shrinkable: true, drop: 1 },
          ]),
        )
      },
    )
  withLimit(command, 'deliveries')
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the delivery ids')
  withExamples(
    command,
    'gatehouse webhook deliveries https://hooks.example.com/gatehouse --limit 20',
    'gatehouse webhook deliveries 0b7c2e4a-5d1f-4c3e-9a8b-2f6d1e0c9b7a --json | jq -r \'.[] | select(.status == "failed") | .id\'',
  )
}
