import { deleteWebhook } from '../../../contract/index.ts'
import { deleteWebhook as remove } from '../../../services/webhooks/webhooks.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerDeleteWebhook(app: App) {
  registerOperation(app, deleteWebhook, (request) =>
    remove(app.deps, contextOf(request), request.params.organizationId, request.params.webhookId),
  )
}
