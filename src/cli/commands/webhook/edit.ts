import { type Command, Option } from 'commander'
import type { WebhookUpdateRequest } from '../../../contract/index.ts'
import { withExamples, withJson, withOrg } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { usageError } from '../../errors.ts'
import { shortDate, stderr, stdout, withSpinner } from '../../output.ts'
import { resolveOrganization } from '../../resolve.ts'
import { checkWebhookUrl, collectEvents, eventsFromFlags } from './events.ts'
import { findWebhook } from './find.ts'
import { webhookStateWords } from './words.ts'

interface EditOptions {
  org?: string
  url?: string
  event?: string[]
  allEvents?: boolean
  description?: string
  enable?: boolean
  disable?: boolean
  json?: boolean
}

/** Changes what is given and nothing else; never the secret (`webhook rotate-secret` does that). */
export function registerWebhookEdit(webhook: Command) {
  const command = webhook
    .command('edit')
    .description("Change a webhook's URL, events or description, or enable or disable it")
    .argument('<webhook>', 'the webhook, by id or URL')
    .option('--url <https url>', 'a new URL to send the events to')
    .option(
      '--event <type>',
      'the events to send from now on (replacing the current ones), repeatable or comma-separated',
      collectEvents,
    )
    .addOption(new Option('--all-events', 'send every event type').conflicts('event'))
    .option('--description <text>', 'a new description')
    .addOption(new Option('--enable', 'enable it again (and forget its failures)').conflicts('disable'))
    .addOption(new Option('--disable', 'send it nothing until enabled again'))
    .action(async (wanted: string, options: EditOptions, cmd: Command) => {
      const body: Partial<WebhookUpdateRequest> = {}
      if (options.url !== undefined) body.url = checkWebhookUrl(options.url)
      if (options.event !== undefined || options.allEvents) body.events = eventsFromFlags(options)
      if (options.description !== undefined) body.description = options.description
      if (options.enable) body.enabled = true
      if (options.disable) body.enabled = false
      if (Object.keys(body).length === 0)
        throw usageError(
          'Nothing to change: give --url, --event, --all-events, --description, --enable or --disable.',
        )
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const organization = await resolveOrganization(cli, client, options.org)
      const target = await findWebhook(client, organization.id, wanted, options)
      const edited = await withSpinner('Saving', options, () =>
        client.updateWebhook({
          organizationId: organization.id,
          webhookId: target.id,
          body: body as WebhookUpdateRequest,
        }),
      )
      if (options.json) return stdout.json(edited)
      stderr.line(
        `Saved the webhook ${edited.id}: sends ${edited.events.join(', ')} to ${edited.url} (${webhookStateWords(edited, shortDate)}).`,
      )
    })
  withOrg(command)
  withJson(command)
  withExamples(
    command,
    'gatehouse webhook edit https://hooks.example.com/gatehouse --event "api_token.*" --event member.added',
    'gatehouse webhook edit 0b7c2e4a-5d1f-4c3e-9a8b-2f6d1e0c9b7a --url https://hooks.example.com/v2',
    'gatehouse webhook edit https://hooks.example.com/gatehouse --enable',
  )
}
