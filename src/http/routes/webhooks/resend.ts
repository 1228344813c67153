import { resendWebhookDelivery } from '../../../contract/index.ts'
import { resendWebhookDelivery as resend } from '../../../services/webhooks/webhooks.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerResendWebhookDelivery(app: App) {
  registerOperation(app, resendWebhookDelivery, (request) =>
    resend(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.webhookId,
      request.params.deliveryId,
      app.deps.webhooks,
    ),
  )
}
