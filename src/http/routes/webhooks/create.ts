import { createWebhook } from '../../../contract/index.ts'
import { createWebhook as create } from '../../../services/webhooks/webhooks.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerCreateWebhook(app: App) {
  registerOperation(app, createWebhook, (request) =>
    create(app.deps, contextOf(request), request.params.organizationId, request.body),
  )
}
