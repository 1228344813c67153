import { getWebhook } from '../../../contract/index.ts'
import { getWebhook as get } from '../../../services/webhooks/webhooks.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerGetWebhook(app: App) {
  registerOperation(app, getWebhook, (request) =>
    get(app.deps, contextOf(request), request.params.organizationId, request.params.webhookId),
  )
}
