import { listOrganizationAuditEvents } from '../../../contract/index.ts'
import { listAuditEvents } from '../../../services/audit-trail.ts'
import { contextOf } from '../../plugins/auth.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

export function registerListAuditEvents(app: App) {
  registerOperation(app, listOrganizationAuditEvents, (request) => {
    const { limit, cursor, action } = request.query
    return listAuditEvents(app.deps, contextOf(request), request.params.organizationId, {
      // The schema has already checked it is 1 to 3 digits; the service checks the range.
      limit: limit === undefined ? undefined : Number.parseInt(limit, 10),
      cursor,
      action,
    })
  })
}
