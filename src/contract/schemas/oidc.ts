import { type Static, Type } from 'typebox'
import { CLAIM_NAME_PATTERN, MAX_CONDITIONS } from '../../core/oidc-conditions.ts'
import { Body, Name, named, Params, ResourceFields, Uuid } from '../common.ts'

import {
  ACCESS_TOKEN_TYPE,
  ID_TOKEN_TYPE,
  JWT_TOKEN_TYPE,
  TOKEN_EXCHANGE_GRANT_TYPE,
} from '../token-exchange-names.ts'

export { ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE, JWT_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT_TYPE }
export const TOKEN_LIFETIME_DEFAULT_SECONDS = 900

const Issuer = Type.String({
  minLength: 1,
  maxLength: 255,
  description:
    'The ID tokens\' issuer (their "iss"), one of those the server accepts (GATEHOUSE_OIDC_ISSUERS)',
})
const Audience = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '\\S',
  description: 'The "aud" the ID token must carry; by default the server\'s public URL',
})
const Conditions = Type.Record(
  Type.String({ pattern: CLAIM_NAME_PATTERN }),
  Type.String({ minLength: 1, maxLength: 255 }),
  {
    additionalProperties: false,
    minProperties: 1,
    maxProperties: MAX_CONDITIONS,
    description:
      'Claim name -> an exact value, or a glob where * stands for any characters; all must match. Must include sub, repository or project_path, with the owner or group spelled out before any *',
  },
)
const TokenLifetime = Type.Integer({
  minimum: 60,
  maximum: 3600,
  description: `How long an issued token lives, in seconds (60 to 3600, default ${TOKEN_LIFETIME_DEFAULT_SECONDS})`,
})

export const OidcTrust = named(
  'OidcTrust',
  Type.Object({
    ...ResourceFields,
    issuer: Type.String(),
    audience: Type.String(),
    conditions: Type.Record(Type.String(), Type.String()),
    role_id: Uuid,
    role_name: Type.String(),
    token_lifetime_seconds: Type.Integer(),
  }),
)
export type OidcTrust = Static<typeof OidcTrust>

export const OidcTrustCreateRequest = named(
  'OidcTrustCreateRequest',
  Body({
    name: Name,
    issuer: Issuer,
    audience: Type.Optional(Audience),
    conditions: Conditions,
    role_id: Type.String({
      format: 'uuid',
      description: 'The role of the tokens issued: one you could give yourself, never the owner role',
    }),
    token_lifetime_seconds: Type.Optional(TokenLifetime),
  }),
)
export type OidcTrustCreateRequest = Static<typeof OidcTrustCreateRequest>

export const OidcTrustUpdateRequest = named(
  'OidcTrustUpdateRequest',
  Type.Object(
    {
      name: Type.Optional(Name),
      issuer: Type.Optional(Issuer),
      audience: Type.Optional(Audience),
      conditions: Type.Optional(Conditions),
      role_id: Type.Optional(Type.String({ format: 'uuid' })),
      token_lifetime_seconds: Type.Optional(TokenLifetime),
    },
    { additionalProperties: false, minProperties: 1, description: 'The fields to change; the rest are kept' },
  ),
)
export type OidcTrustUpdateRequest = Static<typeof OidcTrustUpdateRequest>

export const OidcTrustParams = Params({ organizationId: Uuid, oidcTrustId: Uuid })

/**
 * RFC 8693's token exchange request, form-encoded or JSON. Parameters this server does not use
 * (audience, resource, scope, actor_token...) are ignored, as RFC 6749 3.2 asks of a token endpoint.
 */
export const TokenExchangeRequest = named(
  'TokenExchangeRequest',
  Type.Object(
    {
      grant_type: Type.Literal(TOKEN_EXCHANGE_GRANT_TYPE),
      subject_token: Type.String({
        minLength: 1,
        maxLength: 16_384,
        description: "The CI job's OIDC ID token (a JWT)",
      }),
      subject_token_type: Type.Union([Type.Literal(ID_TOKEN_TYPE), Type.Literal(JWT_TOKEN_TYPE)]),
      organization_id: Type.String({ format: 'uuid', description: 'The organization whose trust applies' }),
      requested_token_type: Type.Optional(Type.Literal(ACCESS_TOKEN_TYPE)),
    },
    { additionalProperties: true },
  ),
)
export type TokenExchangeRequest = Static<typeof TokenExchangeRequest>

export const TokenExchangeResponse = named(
  'TokenExchangeResponse',
  Type.Object({
    access_token: Type.String({
      description:
        "An API token (gtok_...) for 'Authorization: Token', with the trust's role; never shown again",
    }),
    issued_token_type: Type.Literal(ACCESS_TOKEN_TYPE),
    token_type: Type.Literal('Token', { description: "Send it as 'Authorization: Token <access_token>'" }),
    expires_in: Type.Integer({ description: 'Seconds until it expires' }),
  }),
)
export type TokenExchangeResponse = Static<typeof TokenExchangeResponse>
