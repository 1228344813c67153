import { OrganizationParams } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import { AuditEventPage, AuditEventQuery } from '../schemas/audit.ts'

export const listOrganizationAuditEvents = defineOperation({
  operationId: 'listOrganizationAuditEvents',
  method: 'GET',
  path: '/organization/{organizationId}/auditEvent',
  tag: tags.audit,
  summary: "The organization's audit trail, newest first, a page at a time (owner, admin)",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  query: AuditEventQuery,
  success: { status: 200, description: 'One page of events', schema: AuditEventPage },
  errors: [403, 404],
})
