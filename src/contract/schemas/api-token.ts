import { type Static, Type } from 'typebox'
import { Body, Description, listPageFields, Name, named, Params, ResourceFields, Uuid } from '../common.ts'

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
  }),
)
export type OrganizationApiTokenCreateRequest = Static<typeof OrganizationApiTokenCreateRequest>

export const ListApiTokensQuery = Params({
  ...listPageFields('tokens'),
  name: Type.Optional(Type.String({ maxLength: 255, description: 'Only tokens whose name contains this' })),
  creatorName: Type.Optional(
    Type.String({ maxLength: 255, description: "Only tokens whose creator's name contains this" }),
  ),
})

export const ApiTokenParams = Params({ organizationId: Uuid, apiTokenId: Uuid })
