import { type Command, Option } from 'commander'
import { webhookEvents, webhookEventTypes } from '../../../contract/values.ts'
import { commandLine, orgFlag, withExamples, withJson, withOrg, withQuiet } from '../../command-kit.ts'
import { contextFor } from '../../context.ts'
import { stderr, stdout, withSpinner } from '../../output.ts'
import { missing } from '../../prompts.ts'
import { resolveOrganization } from '../../resolve.ts'
import { checkWebhookUrl, collectEvents, eventsFromFlags } from './events.ts'

interface CreateOptions {
  org?: string
  url?: string
  event?: string[]
  allEvents?: boolean
  description?: string
  json?: boolean
  quiet?: boolean
}

/**
 * Adds a webhook from flags only (what is sent where is not guessed), and prints its signing
 * secret: the server answers it this once and never again.
 */
export function registerWebhookCreate(webhook: Command) {
  const command = webhook
    .command('create')
    .description('Add a webhook (owner, admin); its signing secret is shown once')
    .option('--url <https url>', 'where to POST the events: an https:// URL outside your private network')
    .option(
      '--event <type>',
      'an event to send, repeatable or comma-separated (api_token.* for every api_token event)',
      collectEvents,
    )
    .addOption(new Option('--all-events', 'send every event type').conflicts('event'))
    .option('--description <text>', 'what the webhook is for')
    .action(async (options: CreateOptions, cmd: Command) => {
      if (options.url === undefined) throw missing('--url', 'an https:// URL to send the events to')
      const url = checkWebhookUrl(options.url)
      const events = eventsFromFlags(options)
      const cli = contextFor(cmd)
      const client = cli.authenticated()
      const organization = await resolveOrganization(cli, client, options.org)
      const created = await withSpinner('Adding the webhook', options, () =>
        client.createWebhook({
          organizationId: organization.id,
          body: {
            url,
            events,
            ...(options.description !== undefined ? { description: options.description } : {}),
          },
        }),
      )
      if (options.json) return stdout.json(created)
      if (options.quiet) return stdout.line(created.secret)
      stderr.warn('Copy this signing secret now: it will not be shown again.')
      stdout.line(created.secret)
      stderr.line(
        `Webhook ${created.id} sends ${created.events.join(', ')} to ${created.url}, signed with that secret (Standard Webhooks: verify the webhook-signature header).`,
      )
      stderr.line(
        `Try it: ${commandLine('gatehouse', 'webhook', 'test', created.id, ...orgFlag(options.org))}`,
      )
    })
  withOrg(command)
  withJson(command)
  withQuiet(command, 'the signing secret')
  const width = Math.max(...webhookEventTypes.map((type) => type.length))
  command.addHelpText(
    'after',
    `\nEvent types:\n${webhookEventTypes.map((type) => `  ${type.padEnd(width)}  ${webhookEvents[type]}`).join('\n')}`,
  )
  withExamples(
    command,
    'gatehouse webhook create --url https://hooks.example.com/gatehouse --event api_token.created --event api_token.deleted',
    'SECRET=$(gatehouse webhook create --org acme --url https://hooks.example.com/gh --all-events --quiet)',
    `gatehouse webhook create --url https://hooks.example.com/gh --event "api_token.*" --description "Slack alerts" --json`,
  )
}
