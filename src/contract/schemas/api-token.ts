import { type Static, Type } from 'typebox'
import { MAX_ALLOWED_CIDRS } from '../../core/cidr.ts'
import { MAX_GRACE_PERIOD_SECONDS, tokenStatuses } from '../../core/token-lifecycle.ts'
import {
  Body,
  Description,
  listPageFields,
  Name,
  NullableTimestamp,
  named,
  Params,
  ResourceFields,
  Timestamp,
  Uuid,
} from '../common.ts'

export const ApiTokenStatus = Type.Unsafe<(typeof tokenStatuses)[number]>({
  type: 'string',
  enum: [...tokenStatuses],
  description:
    'active; expiring_soon (under 7 days left); expired (refused since expires_at); revoked_leaked (reported leaked: refused, see leak)',
})

/** An expiry in a request: an RFC 3339 date-time with its offset, or null for none. */
const ExpiresAtInput = Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
  description:
    "When the token stops working (RFC 3339, in the future); null: never, unless the organization's api_token_max_lifetime_days forbids it",
})

const AllowedCidrsInput = Type.Array(Type.String({ maxLength: 64 }), {
  maxItems: MAX_ALLOWED_CIDRS,
  description: `IPv4 and IPv6 addresses or CIDR ranges the token may be used from (at most ${MAX_ALLOWED_CIDRS}); empty: anywhere`,
})

const TokenLifeFields = {
  status: ApiTokenStatus,
  expires_at: NullableTimestamp,
  allowed_cidrs: Type.Array(Type.String(), {
    description: 'Where it may be used from, as canonical CIDR ranges; empty: anywhere',
  }),
}

export const ApiTokenUse = named(
  'ApiTokenUse',
  Type.Object(
    { ip: Type.String(), last_used_at: Timestamp },
    { description: 'A client address and when it was last seen' },
  ),
)

export const ApiTokenLeak = named(
  'ApiTokenLeak',
  Type.Object(
    {
      reported_at: Timestamp,
      url: Type.String({ description: 'Where the value was found, as reported' }),
      source: Type.String({ description: 'Who found it (the reporter says: content, commit, ...)' }),
    },
    { description: 'The report that revoked it' },
  ),
)

export const OrganizationApiToken = named(
  'OrganizationApiToken',
  Type.Object({
    ...ResourceFields,
    description: Type.String(),
    role_id: Uuid,
    role_name: Type.String(),
    creator_name: Type.String({ description: 'The user or API token that created it' }),
    origin: Type.Union([Type.Literal('manual'), Type.Literal('oidc')], {
      description: 'manual: created by a user or a token; oidc: issued to a CI job by a trust (see its name)',
    }),
    ...TokenLifeFields,
    last_used_at: Type.Union([Timestamp, Type.Null()], {
      description: 'When it was last used (each server records it within about a minute)',
    }),
    last_used_from: Type.Array(ApiTokenUse, {
      description: 'Up to five most recent distinct client addresses, newest first',
    }),
    stale: Type.Boolean({ description: 'Not used for 90 days (or never, and created 90 days ago)' }),
    rotated_at: NullableTimestamp,
    grace_period_ends_at: Type.Union([Timestamp, Type.Null()], {
      description: 'Until then the value replaced by the last rotation still works; null when it does not',
    }),
    leak: Type.Union([ApiTokenLeak, Type.Null()]),
  }),
)
export type OrganizationApiToken = Static<typeof OrganizationApiToken>

/** The only shape that ever carries the secret: the answer to a creation, once. */
export const OrganizationApiTokenCreate = named(
  'OrganizationApiTokenCreate',
  Type.Object({
    ...ResourceFields,
    description: Type.String(),
    token: Type.String({
      description: "The secret, for 'Authorization: Token <token>'. In this answer only, never again.",
    }),
    role_id: Uuid,
    role_name: Type.String(),
    ...TokenLifeFields,
  }),
)
export type OrganizationApiTokenCreate = Static<typeof OrganizationApiTokenCreate>

export const OrganizationApiTokenCreateRequest = named(
  'OrganizationApiTokenCreateRequest',
  Body({
    name: Name,
    description: Type.Optional(Description),
    role_id: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'A role of the organization; null for admin' }),
    ),
    scope: Type.Optional(
      Type.Union([Type.Literal('ADMIN'), Type.Null()], {
        description: "Deprecated in Qovery's API and ignored here: role_id decides",
      }),
    ),
    expires_at: Type.Optional(ExpiresAtInput),
    allowed_cidrs: Type.Optional(AllowedCidrsInput),
  }),
)
export type OrganizationApiTokenCreateRequest = Static<typeof OrganizationApiTokenCreateRequest>

export const OrganizationApiTokenEditRequest = named(
  'OrganizationApiTokenEditRequest',
  Type.Object(
    {
      name: Type.Optional(Name),
      description: Type.Optional(Description),
      role_id: Type.Optional(
        Type.String({ format: 'uuid', description: 'A role of the organization, not owner' }),
      ),
      expires_at: Type.Optional(ExpiresAtInput),
      allowed_cidrs: Type.Optional(AllowedCidrsInput),
    },
    {
      additionalProperties: false,
      minProperties: 1,
      description: 'The fields to change; the others keep their value. Never the secret: rotate for that.',
    },
  ),
)
export type OrganizationApiTokenEditRequest = Static<typeof OrganizationApiTokenEditRequest>

export const OrganizationApiTokenRotateRequest = named(
  'OrganizationApiTokenRotateRequest',
  Body({
    grace_period_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_GRACE_PERIOD_SECONDS,
        description: `How long the old value keeps working, 0 (refused at once, the default) to ${MAX_GRACE_PERIOD_SECONDS} (a week)`,
      }),
    ),
    expires_at: Type.Optional(ExpiresAtInput),
  }),
)
export type OrganizationApiTokenRotateRequest = Static<typeof OrganizationApiTokenRotateRequest>

/** A rotation's answer: the token as a list shows it, and its new value, once. */
export const OrganizationApiTokenRotation = named(
  'OrganizationApiTokenRotation',
  Type.Object({
    ...OrganizationApiToken.properties,
    token: Type.String({
      description: "The new secret, for 'Authorization: Token <token>'. In this answer only, never again.",
    }),
  }),
)
export type OrganizationApiTokenRotation = Static<typeof OrganizationApiTokenRotation>

export const LeakedTokenReport = named(
  'LeakedTokenReport',
  Type.Array(
    Type.Object(
      {
        token: Type.String({ maxLength: 200, description: 'The string found' }),
        type: Type.Optional(Type.String({ maxLength: 200, description: 'The pattern it matched' })),
        url: Type.Optional(Type.String({ maxLength: 2048, description: 'Where it was found' })),
        source: Type.Optional(Type.String({ maxLength: 200, description: 'content, commit, issue, ...' })),
      },
      // A secret-scanning partner may add fields: they are read past, not refused.
      { additionalProperties: true },
    ),
    {
      minItems: 1,
      maxItems: 100,
      description: "GitHub secret scanning's shape: up to 100 strings found in public, with where",
    },
  ),
)
export type LeakedTokenReport = Static<typeof LeakedTokenReport>

export const LeakedTokenReportAnswer = named(
  'LeakedTokenReportAnswer',
  Type.Array(
    Type.Object({
      token_hash: Type.String({ description: 'SHA-256 of the reported string, hex' }),
      label: Type.Literal('reported', { description: 'The same for every entry, whatever was done' }),
    }),
  ),
)
export type LeakedTokenReportAnswer = Static<typeof LeakedTokenReportAnswer>

export const ListApiTokensQuery = Params({
  ...listPageFields('tokens'),
  name: Type.Optional(Type.String({ maxLength: 255, description: 'Only tokens whose name contains this' })),
  creatorName: Type.Optional(
    Type.String({ maxLength: 255, description: "Only tokens whose creator's name contains this" }),
  ),
  status: Type.Optional(
    Type.Unsafe<(typeof tokenStatuses)[number]>({
      type: 'string',
      enum: [...tokenStatuses],
      description: 'Only tokens of this status',
    }),
  ),
  stale: Type.Optional(
    Type.Unsafe<'true' | 'false'>({
      type: 'string',
      enum: ['true', 'false'],
      description: 'true: only tokens unused for 90 days; false: only the others',
    }),
  ),
})

export const ApiTokenParams = Params({ organizationId: Uuid, apiTokenId: Uuid })
