import { updateWebhook } from '../../../contract/index.ts'
import { updateWebhook as update } from '../../../services/webhooks/webhooks.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerUpdateWebhook(app: App) {
  registerOperation(app, updateWebhook, (request) =>
    update(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.webhookId,
      request.body,
    ),
  )
}
