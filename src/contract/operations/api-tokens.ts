import { OrganizationParams, PageOf } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import {
  ApiTokenParams,
  ListApiTokensQuery,
  OrganizationApiToken,
  OrganizationApiTokenCreate,
  OrganizationApiTokenCreateRequest,
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
    "The token acts in this organization with its role and nothing more. Its role may allow nothing beyond the creator's own; owner is never given to a token.",
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
