import { OrganizationParams, PageOf } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import {
  ApiTokenParams,
  LeakedTokenReport,
  LeakedTokenReportAnswer,
  ListApiTokensQuery,
  OrganizationApiToken,
  OrganizationApiTokenCreate,
  OrganizationApiTokenCreateRequest,
  OrganizationApiTokenEditRequest,
  OrganizationApiTokenRotateRequest,
  OrganizationApiTokenRotation,
} from '../schemas/api-token.ts'

export const listOrganizationApiTokens = defineOperation({
  operationId: 'listOrganizationApiTokens',
  method: 'GET',
  path: '/organization/{organizationId}/apiToken',
  tag: tags.apiTokens,
  summary: "List the organization's API tokens (never their values), a page at a time",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  query: ListApiTokensQuery,
  success: {
    status: 200,
    description: 'One page of tokens, newest first',
    schema: PageOf(OrganizationApiToken),
  },
  errors: [403, 404],
})

export const createOrganizationApiToken = defineOperation({
  operationId: 'createOrganizationApiToken',
  method: 'POST',
  path: '/organization/{organizationId}/apiToken',
  tag: tags.apiTokens,
  summary: 'Create an API token; its value is in this answer only',
  description:
    "The token acts in this organization with its role and nothing more. Its role may allow nothing beyond the creator's own; owner is never given to a token. With the organization's api_token_max_lifetime_days set, expires_at is required and within it.",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  body: OrganizationApiTokenCreateRequest,
  success: {
    status: 201,
    description: 'The new token; its value is shown only here',
    schema: OrganizationApiTokenCreate,
  },
  errors: [404, 409],
})

export const deleteOrganizationApiToken = defineOperation({
  operationId: 'deleteOrganizationApiToken',
  method: 'DELETE',
  path: '/organization/{organizationId}/apiToken/{apiTokenId}',
  tag: tags.apiTokens,
  summary: 'Delete an API token: the next request made with it is refused, on every server',
  security: ['apiToken', 'session'],
  params: ApiTokenParams,
  success: { status: 204, description: 'Deleted and refused from now on' },
  errors: [404],
})

export const getOrganizationApiToken = defineOperation({
  operationId: 'getOrganizationApiToken',
  method: 'GET',
  path: '/organization/{organizationId}/apiToken/{apiTokenId}',
  tag: tags.apiTokens,
  summary: 'Get an API token (never its value): status, expiry, last use, allowed addresses',
  security: ['apiToken', 'session'],
  params: ApiTokenParams,
  success: { status: 200, description: 'The token', schema: OrganizationApiToken },
  errors: [403, 404],
})

export const editOrganizationApiToken = defineOperation({
  operationId: 'editOrganizationApiToken',
  method: 'PATCH',
  path: '/organization/{organizationId}/apiToken/{apiTokenId}',
  tag: tags.apiTokens,
  summary: 'Edit an API token: name, description, role, expiry, allowed addresses (never its value)',
  description:
    "Only the fields given change. The role may allow nothing beyond the caller's own, as at creation. The expiry may be brought forward freely, and pushed back only within the organization's api_token_max_lifetime_days. A role, expiry or address change applies to the next request on every server.",
  security: ['apiToken', 'session'],
  params: ApiTokenParams,
  body: OrganizationApiTokenEditRequest,
  success: { status: 200, description: 'The token as edited', schema: OrganizationApiToken },
  errors: [404, 409],
})

export const rotateOrganizationApiToken = defineOperation({
  operationId: 'rotateOrganizationApiToken',
  method: 'POST',
  path: '/organization/{organizationId}/apiToken/{apiTokenId}/rotate',
  tag: tags.apiTokens,
  summary: 'Rotate an API token: a new value, in this answer only; the old one works for the grace period',
  description:
    "Same id, name and role. The old value is refused once grace_period_seconds have passed (0: at once), on every server. While an earlier rotation's old value is still in its grace period, a rotation answers 409 rotation_in_progress. A token reported leaked may be rotated with no grace period: it is active again with the new value. An expired one needs a new expires_at.",
  security: ['apiToken', 'session'],
  params: ApiTokenParams,
  body: OrganizationApiTokenRotateRequest,
  success: {
    status: 201,
    description: 'The token and its new value; the value is shown only here',
    schema: OrganizationApiTokenRotation,
  },
  errors: [404, 409],
})

export const revokeLeakedApiTokens = defineOperation({
  operationId: 'revokeLeakedApiTokens',
  method: 'POST',
  path: '/apiToken/revokeLeaked',
  tag: tags.apiTokens,
  summary: 'Report API token values found in public: live ones are revoked at once (secret scanning)',
  description:
    "For secret-scanning services (GitHub's partner program sends this shape). Anyone may call it: each live Gatehouse token reported is revoked on every server and marked revoked_leaked, and the audit trail records where it was found. Strings that are not well-formed Gatehouse tokens are dismissed without a lookup. Every entry gets the same answer whatever happened, so the answer tells nothing about which tokens exist. Limited per client address.",
  security: [],
  body: LeakedTokenReport,
  success: {
    status: 200,
    description: 'One entry per entry reported, in order',
    schema: LeakedTokenReportAnswer,
  },
  errors: [429],
})
