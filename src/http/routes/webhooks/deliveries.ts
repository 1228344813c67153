import { listWebhookDeliveries } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listWebhookDeliveries as list } from '../../../services/webhooks/webhooks.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListWebhookDeliveries(app: App) {
  registerOperation(app, listWebhookDeliveries, (request) =>
    list(
      app.deps,
      contextOf(request),
      request.params.organizationId,
      request.params.webhookId,
      pageRequestOf(request.query),
    ),
  )
}
