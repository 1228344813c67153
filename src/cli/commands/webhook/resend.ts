import type { Command } from 'commander'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { CliError, usageError } from '../../errors.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { resolveOrganization } from '../../resolve.ts'
import { findWebhook, listAllWebhooks } from './find.ts'
import { deliveryOutcomeWords } from './words.ts'

/**
 * Sends one delivery again now (the same event and webhook-id, so a receiver that already has it
 * can tell). The API addresses a delivery under its webhook: --webhook says which, unless the
 * organization has only one.
 */
export function registerWebhookResend(webhook: Command) {
  const command = webhook
    .command('resend')
    .description('Send a delivery again now and report how it went (exit 1 if not delivered)')
    .argument('<delivery-id>', 'the delivery (see `gatehouse webhook deliveries`)')
    .option('--webhook <id or URL>', 'the webhook it belongs to (default: the only one)')
    .action(
      async (
        deliveryId: string,
        options: { org?: string; webhook?: string; json?: boolean },
        cmd: Command,
      ) => {
        const cli = contextFor(cmd)
        const client = cli.authenticated()
        const organization = await resolveOrganization(cli, client, options.org)
        const target =
          options.webhook !== undefined
            ? await findWebhook(client, organization.id, options.webhook, options)
            : onlyWebhook(await listAllWebhooks(client, organization.id, options))
        const delivery = await withSpinner(`Sending to ${target.url} again`, options, () =>
          client.resendWebhookDelivery({
            organizationId: organization.id,
            webhookId: target.id,
            deliveryId,
          }),
        )
        if (options.json) stdout.json(delivery)
        if (delivery.status === 'delivered') {
          if (!options.json)
            stderr.line(
              `Delivery ${delivery.id} (${delivery.event_type}) to ${target.url}: ${deliveryOutcomeWords(delivery)}.`,
            )
          return
        }
        throw new CliError(
          `Delivery ${delivery.id} (${delivery.event_type}) to ${target.url} was not delivered: ${deliveryOutcomeWords(delivery)}.${delivery.status === 'pending' ? ' It will be retried.' : ''}`,
        )
      },
    )
  withOrg(command)
  withJson(command)
  withExamples(
    command,
    'gatehouse webhook resend 5f0e8c1d-2b3a-4c5d-8e9f-0a1b2c3d4e5f',
    'gatehouse webhook resend 5f0e8c1d-2b3a-4c5d-8e9f-0a1b2c3d4e5f --webhook https://hooks.example.com/gatehouse --json',
  )
}

function onlyWebhook<T>(webhooks: T[]): T {
  const [only] = webhooks
  if (only && webhooks.length === 1) return only
  if (webhooks.length === 0) throw usageError('No webhook in this organization: nothing to resend.')
  throw usageError('Several webhooks: say which one the delivery belongs to with --webhook <id or URL>.')
}
