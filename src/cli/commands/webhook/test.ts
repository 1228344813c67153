import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { CliError } from '../../errors.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { resolveOrganization } from '../../resolve.ts'
import { findWebhook } from './find.ts'
import { deliveryOutcomeWords } from './words.ts'

/**
 * Sends a webhook.test event and says how its first attempt went. A receiver that did not take it
 * is a failure (exit 1), so a script can check a receiver with this command alone.
 */
export function registerWebhookTest(webhook: Command) {
  const command = webhook
    .command('test')
    .description('Send a webhook.test event now and report how it went (exit 1 if not delivered)')
    .argument('<webhook>', 'the webhook, by id or URL')
    .action(async (wanted: string, options: { org?: string; json?: boolean }, cmd: Command) => {
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const organization = await resolveOrganization(cli, client, options.org)
      const target = await findWebhook(client, organization.id, wanted, options)
      const delivery = await withSpinner(`Sending a test event to ${target.url}`, options, () =>
        client.testWebhook({ organizationId: organization.id, webhookId: target.id }),
      )
      if (options.json) stdout.json(delivery)
      if (delivery.status === 'delivered') {
        if (!options.json)
          stderr.line(`Test event ${delivery.event_id} to ${target.url}: ${deliveryOutcomeWords(delivery)}.`)
        return
      }
      // The server keeps retrying it like any delivery; the person learns that too.
      throw new CliError(
        `Test event ${delivery.event_id} to ${target.url} was not delivered: ${deliveryOutcomeWords(delivery)}.${delivery.status === 'pending' ? ' It will be retried.' : ''}`,
      )
    })
  withOrg(command)
  withJson(command)
  withExamples(
    command,
    'gatehouse webhook test https://hooks.example.com/gatehouse',
    'gatehouse webhook test 0b7c2e4a-5d1f-4c3e-9a8b-2f6d1e0c9b7a --org acme --json',
  )
}
