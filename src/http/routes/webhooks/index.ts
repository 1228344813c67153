import type { App } from '../../types.ts'
import { registerCreateWebhook } from './create.ts'
import { registerDeleteWebhook } from './delete.ts'
import { registerListWebhookDeliveries } from './deliveries.ts'
import { registerGetWebhook } from './get.ts'
import { registerListWebhooks } from './list.ts'
import { registerResendWebhookDelivery } from './resend.ts'
import { registerRotateWebhookSecret } from './rotate-secret.ts'
import { registerTestWebhook } from './test.ts'
import { registerUpdateWebhook } from './update.ts'

export async function registerWebhooksRoutes(app: App): Promise<void> {
  registerListWebhooks(app)
  registerCreateWebhook(app)
  registerGetWebhook(app)
  registerUpdateWebhook(app)
  registerDeleteWebhook(app)
  registerRotateWebhookSecret(app)
  registerTestWebhook(app)
  registerListWebhookDeliveries(app)
  registerResendWebhookDelivery(app)
}
