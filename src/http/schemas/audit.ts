import { Type } from 'typebox'
import { AUDIT_PAGE_MAX } from '../../services/audit-trail.ts'
import { Timestamp, Uuid } from './common.ts'

export const AuditEvent = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  action: Type.String({ description: '<resource>.<verb>, e.g. api_token.created' }),
  target: Type.Object({
    type: Type.String(),
    id: Type.Union([Uuid, Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
  }),
  actor: Type.Object({
    type: Type.Enum(['user', 'api_token'], { type: 'string' }),
    id: Uuid,
    name: Type.String(),
  }),
  origin: Type.Enum(['console', 'cli', 'api'], { type: 'string' }),
  ip: Type.String(),
  user_agent: Type.String(),
  details: Type.Object({}, { additionalProperties: true }),
})

export const AuditEventPage = Type.Object({
  results: Type.Array(AuditEvent),
  next_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as cursor to get the next (older) page; null on the last page',
  }),
})

/**
 * Query strings arrive as text (type coercion is off), so numbers are checked as digit strings
 * here and parsed by the route.
 */
export const AuditEventQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,2}$',
        description: `How many events, 1 to ${AUDIT_PAGE_MAX} (default 50)`,
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[A-Za-z0-9_-]+$',
        description: 'The next_cursor of the previous page',
      }),
    ),
    action: Type.Optional(
      Type.String({
        maxLength: 100,
        pattern: '^[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?$',
        description: 'An action name (api_token.created), or a prefix ending in .* (api_token.*)',
      }),
    ),
  },
  { additionalProperties: false },
)
