import type { Command } from 'commander'
import { withExamples } from '../../command-kit.ts'
import { registerWebhookCreate } from './create.ts'
import { registerWebhookDelete } from './delete.ts'
import { registerWebhookDeliveries } from './deliveries.ts'
import { registerWebhookEdit } from './edit.ts'
import { registerWebhookList } from './list.ts'
import { registerWebhookResend } from './resend.ts'
import { registerWebhookRotateSecret } from './rotate-secret.ts'
import { registerWebhookTest } from './test.ts'

export function registerWebhookCommands(program: Command) {
  const webhook = program
    .command('webhook')
    .description('Lifecycle webhooks: signed HTTPS calls when tokens, members or ownership change')
  withExamples(
    webhook,
    'gatehouse webhook create --url https://hooks.example.com/gatehouse --event api_token.created --event member.added',
    'gatehouse webhook list --org acme',
    'gatehouse webhook test https://hooks.example.com/gatehouse',
    'gatehouse webhook deliveries https://hooks.example.com/gatehouse',
    'gatehouse webhook resend 5f0e8c1d-2b3a-4c5d-8e9f-0a1b2c3d4e5f',
    'gatehouse webhook edit https://hooks.example.com/gatehouse --event "api_token.*"',
    'gatehouse webhook rotate-secret https://hooks.example.com/gatehouse --grace 1h',
    'gatehouse webhook delete https://hooks.example.com/gatehouse --yes',
  )
  registerWebhookCreate(webhook)
  registerWebhookList(webhook)
  registerWebhookTest(webhook)
  registerWebhookDeliveries(webhook)
  registerWebhookResend(webhook)
  registerWebhookEdit(webhook)
  registerWebhookRotateSecret(webhook)
  registerWebhookDelete(webhook)
}
