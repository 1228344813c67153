import { listWebhooks } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listWebhooks as list } from '../../../services/webhooks/webhooks.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListWebhooks(app: App) {
  registerOperation(app, listWebhooks, (request) =>
    list(app.deps, contextOf(request), request.params.organizationId, pageRequestOf(request.query)),
  )
}
