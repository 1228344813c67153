import { rotateWebhookSecret } from '../../../contract/index.ts'
import { rotateWebhookSecret as rotate } from '../../../services/webhooks/webhooks.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerRotateWebhookSecret(app: App) {
  registerOperation(app, rotateWebhookSecret, (request) =>
    rotate(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.webhookId,
      request.body?.grace_period_seconds,
    ),
  )
}
