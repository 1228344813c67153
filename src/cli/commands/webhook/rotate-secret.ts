import type { Command } from 'commander'
import { WEBHOOK_SECRET_GRACE_MAX_SECONDS } from '../../../contract/values.ts'
import { withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { confirmOrRefuse } from '../../confirm.ts'
import { contextFor } from '../../context.ts'
import { formatDuration, parseDuration } from '../../durations.ts'
import { usageError } from '../../errors.ts'
import { shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { resolveOrganization } from '../../resolve.ts'
import { findWebhook } from './find.ts'

/** The API's default: a day lets a receiver be redeployed with the new secret without a gap. */
const DEFAULT_GRACE_SECONDS = 24 * 3600

interface RotateSecretOptions {
  org?: string
  grace?: string
  yes?: boolean
  json?: boolean
  quiet?: boolean
}

/**
 * A new signing secret, printed once (the server never answers it again). During --grace the old
 * secret signs each delivery too, so a receiver that still has it keeps verifying.
 */
export function registerWebhookRotateSecret(webhook: Command) {
  const command = webhook
    .command('rotate-secret')
    .description('Give a webhook a new signing secret, shown once; the old one also signs for --grace')
    .argument('<webhook>', 'the webhook, by id or URL')
    .option('--grace <duration>', 'how long the old secret signs too: 0, 1h, 24h (default), up to 7d')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .action(async (wanted: string, options: RotateSecretOptions, cmd: Command) => {
      const grace =
        options.grace === undefined ? DEFAULT_GRACE_SECONDS : parseDuration(options.grace, '--grace')
      if (grace > WEBHOOK_SECRET_GRACE_MAX_SECONDS) throw usageError('--grace is at most 7d (a week).')
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const organization = await resolveOrganization(cli, client, options.org)
      const target = await findWebhook(client, organization.id, wanted, options)
      await confirmOrRefuse(
        options.yes,
        `Rotate the signing secret of the webhook to ${target.url}? The current secret ${grace === 0 ? 'stops signing at once' : `also signs for ${formatDuration(grace)}, then stops`}.`,
      )
      const rotated = await withSpinner('Rotating the secret', options, () =>
        client.rotateWebhookSecret({
          organizationId: organization.id,
          webhookId: target.id,
          body: { grace_period_seconds: grace },
        }),
      )
      if (options.json) return stdout.json({ id: target.id, url: target.url, ...rotated })
      if (options.quiet) return stdout.line(rotated.secret)
      stderr.warn('Copy this signing secret now: it will not be shown again.')
      stdout.line(rotated.secret)
      stderr.warn(
        rotated.previous_secret_expires_at
          ? `The old secret of the webhook to ${target.url} also signs until ${shortDate(rotated.previous_secret_expires_at)}: give the receiver the new one before then.`
          : `The old secret of the webhook to ${target.url} no longer signs.`,
      )
    })
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the new signing secret')
  withExamples(
    command,
    'gatehouse webhook rotate-secret https://hooks.example.com/gatehouse',
    'SECRET=$(gatehouse webhook rotate-secret https://hooks.example.com/gatehouse --grace 1h --yes --quiet)',
    'gatehouse webhook rotate-secret 0b7c2e4a-5d1f-4c3e-9a8b-2f6d1e0c9b7a --grace 0 --yes',
  )
}
