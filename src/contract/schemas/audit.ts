import { type Static, Type } from 'typebox'
import { auditActionNames } from '../../core/audit-actions.ts'
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from '../../core/paging.ts'
import { named, Params, pageQueryFields, Timestamp, Uuid } from '../common.ts'

export const AuditEvent = named(
  'AuditEvent',
  Type.Object({
    id: Uuid,
    created_at: Timestamp,
    action: Type.String({
      description: `<resource>.<verb>, one of: ${auditActionNames.join(', ')}`,
    }),
    target: Type.Object({
      type: Type.String(),
      id: Type.Union([Uuid, Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
    }),
    actor: Type.Object({
      type: Type.Enum(['user', 'api_token', 'oidc', 'system'], {
        type: 'string',
        description:
          'oidc: a CI job exchanging its ID token (id: the trust, name: its subject); system: Gatehouse itself (a webhook disabled after 3 days of failures)',
      }),
      id: Uuid,
      name: Type.String(),
    }),
    origin: Type.Enum(['console', 'cli', 'api', 'system'], { type: 'string' }),
    ip: Type.String(),
    user_agent: Type.String(),
    details: Type.Object({}, { additionalProperties: true }),
  }),
)
export type AuditEvent = Static<typeof AuditEvent>

export const AuditEventPage = named(
  'AuditEventPage',
  Type.Object({
    results: Type.Array(AuditEvent),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as cursor to get the next (older) page; null on the last page',
    }),
  }),
)
export type AuditEventPage = Static<typeof AuditEventPage>

export const AuditEventQuery = Params({
  ...pageQueryFields({ max: AUDIT_PAGE_MAX, byDefault: AUDIT_PAGE_DEFAULT, what: 'events' }),
  action: Type.Optional(
    Type.String({
      maxLength: 100,
      pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?$',
      description: 'An action name (api_token.created), or a prefix ending in .* (api_token.*)',
    }),
  ),
})
