import { listOrganizationAuditEvents } from '../../../contract/index.ts'
import { pageRequestOf } from '../../../core/paging.ts'
import { listAuditEvents } from '../../../services/audit-trail.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListAuditEvents(app: App) {
  registerOperation(app, listOrganizationAuditEvents, (request) => {
    return listAuditEvents(app.deps, contextOf(request), request.params.organizationId, {
      ...pageRequestOf(request.query),
      action: request.query.action,
    })
  })
}
