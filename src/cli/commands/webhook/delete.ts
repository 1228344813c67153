import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { confirmOrRefuse } from '../../confirm.ts'
import { contextFor } from '../../context.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { resolveOrganization } from '../../resolve.ts'
import { findWebhook } from './find.ts'

/** Deletes a webhook by id or URL: nothing more is sent to it, retries included. */
export function registerWebhookDelete(webhook: Command) {
  const command = webhook
    .command('delete')
    .description('Delete a webhook and its deliveries: nothing more is sent to it')
    .argument('<webhook>', 'the webhook, by id or URL')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(
      async (wanted: string, options: { org?: string; yes?: boolean; json?: boolean }, cmd: Command) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const target = await findWebhook(client, organization.id, wanted, options)
        await confirmOrRefuse(
          options.yes,
          `Delete the webhook to ${target.url}? Nothing more is sent to it, retries included.`,
        )
        await withSpinner('Deleting the webhook', options, () =>
          client.deleteWebhook({ organizationId: organization.id, webhookId: target.id }),
        )
        if (options.json) return stdout.json({ id: target.id, url: target.url, deleted: true })
        stderr.line(`Deleted the webhook to ${target.url} (${target.id}).`)
      },
    )
  withOrg(command)
  withJson(command)
  withExamples(
    command,
    'gatehouse webhook delete https://hooks.example.com/gatehouse',
    'gatehouse webhook delete 0b7c2e4a-5d1f-4c3e-9a8b-2f6d1e0c9b7a --org acme --yes',
  )
}
