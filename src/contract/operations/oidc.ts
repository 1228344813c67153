import { ListPageQuery, OrganizationParams, PageOf } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import {
  OidcTrust,
  OidcTrustCreateRequest,
  OidcTrustParams,
  OidcTrustUpdateRequest,
  TokenExchangeRequest,
  TokenExchangeResponse,
} from '../schemas/oidc.ts'

export const listOidcTrusts = defineOperation({
  operationId: 'listOidcTrusts',
  method: 'GET',
  path: '/organization/{organizationId}/oidcTrust',
  tag: tags.trustedCi,
  summary: "List the organization's trust policies for CI jobs' OIDC ID tokens (owner, admin)",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  query: ListPageQuery('trusts'),
  success: { status: 200, description: 'One page of trusts, by name', schema: PageOf(OidcTrust) },
  errors: [403, 404],
})

export const createOidcTrust = defineOperation({
  operationId: 'createOidcTrust',
  method: 'POST',
  path: '/organization/{organizationId}/oidcTrust',
  tag: tags.trustedCi,
  summary: 'Trust the ID tokens of some CI jobs: they may exchange them for short-lived API tokens',
  description:
    "The issuer must be one the server accepts (GATEHOUSE_OIDC_ISSUERS). The conditions must pin the repository or project. The role may allow nothing beyond the caller's own; owner is never given.",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  body: OidcTrustCreateRequest,
  success: { status: 201, description: 'The new trust', schema: OidcTrust },
  errors: [404, 409],
})

export const getOidcTrust = defineOperation({
  operationId: 'getOidcTrust',
  method: 'GET',
  path: '/organization/{organizationId}/oidcTrust/{oidcTrustId}',
  tag: tags.trustedCi,
  summary: 'Get a trust policy',
  security: ['apiToken', 'session'],
  params: OidcTrustParams,
  success: { status: 200, description: 'The trust', schema: OidcTrust },
  errors: [403, 404],
})

export const updateOidcTrust = defineOperation({
  operationId: 'updateOidcTrust',
  method: 'PATCH',
  path: '/organization/{organizationId}/oidcTrust/{oidcTrustId}',
  tag: tags.trustedCi,
  summary: 'Change a trust policy; the fields not given are kept',
  security: ['apiToken', 'session'],
  params: OidcTrustParams,
  body: OidcTrustUpdateRequest,
  success: { status: 200, description: 'The trust as changed', schema: OidcTrust },
  errors: [404, 409],
})

export const deleteOidcTrust = defineOperation({
  operationId: 'deleteOidcTrust',
  method: 'DELETE',
  path: '/organization/{organizationId}/oidcTrust/{oidcTrustId}',
  tag: tags.trustedCi,
  summary: 'Delete a trust policy and the tokens it issued that are still alive',
  security: ['apiToken', 'session'],
  params: OidcTrustParams,
  success: { status: 204, description: 'Deleted; its tokens are refused from now on' },
  errors: [404],
})

export const exchangeOidcToken = defineOperation({
  operationId: 'exchangeOidcToken',
  method: 'POST',
  path: '/oidc/token',
  tag: tags.trustedCi,
  summary: "Exchange a CI job's OIDC ID token for a short-lived API token (RFC 8693)",
  description:
    "No credential: the ID token is the proof. Form-encoded (application/x-www-form-urlencoded) or JSON. Refusals are problem+json with reason (and OAuth error) invalid_request or invalid_grant, saying no more about which check failed than is safe; the organization's audit trail records why (oidc.exchange_refused).",
  security: [],
  body: TokenExchangeRequest,
  bodyMediaTypes: ['application/x-www-form-urlencoded', 'application/json'],
  success: { status: 200, description: 'The API token', schema: TokenExchangeResponse },
  errors: [429],
})
