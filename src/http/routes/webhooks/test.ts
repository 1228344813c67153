import { testWebhook } from '../../../contract/index.ts'
import { testWebhook as sendTest } from '../../../services/webhooks/webhooks.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerTestWebhook(app: App) {
  registerOperation(app, testWebhook, (request) =>
    sendTest(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.webhookId,
      app.deps.webhooks,
    ),
  )
}
