import { type Static, Type } from 'typebox'
import { MAX_LIFETIME_DAYS_LIMIT } from '../../core/token-lifecycle.ts'
import { Body, Description, Name, named, ResourceFields, Uuid } from '../common.ts'

const MaxLifetimeDays = Type.Union(
  [Type.Integer({ minimum: 1, maximum: MAX_LIFETIME_DAYS_LIMIT }), Type.Null()],
  {
    description:
      'API tokens must expire within this many days of being created, extended or rotated with a new expiry; null: no limit. Tokens already made are not changed.',
  },
)

export const Organization = named(
  'Organization',
  Type.Object({
    ...ResourceFields,
    description: Type.String(),
    owner: Uuid,
    api_token_max_lifetime_days: MaxLifetimeDays,
  }),
)
export type Organization = Static<typeof Organization>

export const OrganizationRequest = named(
  'OrganizationRequest',
  Body({
    name: Name,
    description: Type.Optional(Description),
    api_token_max_lifetime_days: Type.Optional(MaxLifetimeDays),
  }),
)
export type OrganizationRequest = Static<typeof OrganizationRequest>
