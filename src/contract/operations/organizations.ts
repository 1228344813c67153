import { OrganizationParams, ResultsOf } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import { Organization, OrganizationRequest } from '../schemas/organization.ts'
import { OrganizationAvailableRole } from '../schemas/role.ts'

export const listOrganization = defineOperation({
  operationId: 'listOrganization',
  method: 'GET',
  path: '/organization',
  tag: tags.organization,
  summary: "The caller's organizations (an API token sees its own one)",
  security: ['apiToken', 'session'],
  success: { status: 200, description: 'The organizations, by name', schema: ResultsOf(Organization) },
})

export const createOrganization = defineOperation({
  operationId: 'createOrganization',
  method: 'POST',
  path: '/organization',
  tag: tags.organization,
  summary: 'Create an organization; the caller becomes its owner (signed-in users only)',
  security: ['session'],
  body: OrganizationRequest,
  success: { status: 201, description: 'The new organization', schema: Organization },
})

export const getOrganization = defineOperation({
  operationId: 'getOrganization',
  method: 'GET',
  path: '/organization/{organizationId}',
  tag: tags.organization,
  summary: 'Get an organization',
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  success: { status: 200, description: 'The organization', schema: Organization },
  errors: [404],
})

export const editOrganization = defineOperation({
  operationId: 'editOrganization',
  method: 'PUT',
  path: '/organization/{organizationId}',
  tag: tags.organization,
  summary: 'Edit an organization (owner, admin)',
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  body: OrganizationRequest,
  success: { status: 200, description: 'The organization as edited', schema: Organization },
  errors: [404],
})

export const deleteOrganization = defineOperation({
  operationId: 'deleteOrganization',
  method: 'DELETE',
  path: '/organization/{organizationId}',
  tag: tags.organization,
  summary: 'Delete an organization and everything in it (owner only); its tokens stop working at once',
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  success: { status: 204, description: 'Deleted' },
  errors: [404],
})

export const listOrganizationAvailableRoles = defineOperation({
  operationId: 'listOrganizationAvailableRoles',
  method: 'GET',
  path: '/organization/{organizationId}/availableRole',
  tag: tags.organization,
  summary: "The organization's roles and what each may do, most powerful first",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  success: {
    status: 200,
    description: 'Built-in roles first, then custom ones',
    schema: ResultsOf(OrganizationAvailableRole),
  },
  errors: [404],
})
