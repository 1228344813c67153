import { OrganizationParams } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import {
  CustomRoleParams,
  OrganizationCustomRole,
  OrganizationCustomRoleCreateRequest,
  OrganizationCustomRoleList,
  OrganizationCustomRoleUpdateRequest,
} from '../schemas/custom-role.ts'

export const listOrganizationCustomRoles = defineOperation({
  operationId: 'listOrganizationCustomRoles',
  method: 'GET',
  path: '/organization/{organizationId}/customRole',
  tag: tags.customRoles,
  summary: "The organization's custom roles and their project permissions, by name (owner, admin, devops)",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  success: { status: 200, description: 'Every custom role, by name', schema: OrganizationCustomRoleList },
  errors: [403, 404],
})

export const createOrganizationCustomRole = defineOperation({
  operationId: 'createOrganizationCustomRole',
  method: 'POST',
  path: '/organization/{organizationId}/customRole',
  tag: tags.customRoles,
  summary: 'Create a custom role, with no access to any project until edited (owner, admin)',
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  body: OrganizationCustomRoleCreateRequest,
  success: { status: 201, description: 'The new custom role', schema: OrganizationCustomRole },
  errors: [404, 409],
})

export const getOrganizationCustomRole = defineOperation({
  operationId: 'getOrganizationCustomRole',
  method: 'GET',
  path: '/organization/{organizationId}/customRole/{customRoleId}',
  tag: tags.customRoles,
  summary: 'A custom role and its project permissions (owner, admin, devops)',
  security: ['apiToken', 'session'],
  params: CustomRoleParams,
  success: { status: 200, description: 'The custom role', schema: OrganizationCustomRole },
  errors: [403, 404],
})

export const editOrganizationCustomRole = defineOperation({
  operationId: 'editOrganizationCustomRole',
  method: 'PUT',
  path: '/organization/{organizationId}/customRole/{customRoleId}',
  tag: tags.customRoles,
  summary:
    "Replace a custom role's name, description and project permissions (owner, admin); applies to its holders' next request",
  security: ['apiToken', 'session'],
  params: CustomRoleParams,
  body: OrganizationCustomRoleUpdateRequest,
  success: { status: 200, description: 'The custom role as edited', schema: OrganizationCustomRole },
  errors: [404, 409],
})

export const deleteOrganizationCustomRole = defineOperation({
  operationId: 'deleteOrganizationCustomRole',
  method: 'DELETE',
  path: '/organization/{organizationId}/customRole/{customRoleId}',
  tag: tags.customRoles,
  summary: 'Delete a custom role nobody holds (owner, admin); one still held is a 409 saying by whom',
  security: ['apiToken', 'session'],
  params: CustomRoleParams,
  success: { status: 204, description: 'Deleted' },
  errors: [404, 409],
})
