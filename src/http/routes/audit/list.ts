import { listAuditEvents } from '../../../services/audit-trail.ts'
import { contextOf } from '../../plugins/auth.ts'
import { AuditEventPage, AuditEventQuery } from '../../schemas/audit.ts'
import { OrganizationParams } from '../../schemas/common.ts'
import type { App } from '../../types.ts'

export function registerListAuditEvents(app: App) {
  app.get(
    '/organization/:organizationId/auditEvent',
    {
      schema: {
        tags: ['Audit'],
        summary: "The organization's audit trail, newest first, a page at a time (owner, admin)",
        params: OrganizationParams,
        querystring: AuditEventQuery,
        response: { 200: AuditEventPage },
      },
    },
    async (request) => {
      const { limit, cursor, action } = request.query
      return listAuditEvents(app.deps, contextOf(request), request.params.organizationId, {
        // The schema has already checked it is 1 to 3 digits; the service checks the range.
        limit: limit === undefined ? undefined : Number.parseInt(limit, 10),
        cursor,
        action,
      })
    },
  )
}
