import { ListPageQuery, OrganizationParams, PageOf } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import { Environment, EnvironmentParams, EnvironmentRequest } from '../schemas/environment.ts'
import { Project, ProjectParams, ProjectRequest } from '../schemas/project.ts'

export const listProject = defineOperation({
  operationId: 'listProject',
  method: 'GET',
  path: '/organization/{organizationId}/project',
  tag: tags.projects,
  summary: "List the organization's projects, by name, a page at a time",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  query: ListPageQuery('projects'),
  success: { status: 200, description: 'One page of projects, by name', schema: PageOf(Project) },
  errors: [403, 404],
})

export const createProject = defineOperation({
  operationId: 'createProject',
  method: 'POST',
  path: '/organization/{organizationId}/project',
  tag: tags.projects,
  summary: 'Create a project (owner, admin, devops); its name is unique in the organization',
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  body: ProjectRequest,
  success: { status: 201, description: 'The new project', schema: Project },
  errors: [404, 409],
})

export const getProject = defineOperation({
  operationId: 'getProject',
  method: 'GET',
  path: '/project/{projectId}',
  tag: tags.project,
  summary: 'Get a project',
  security: ['apiToken', 'session'],
  params: ProjectParams,
  success: { status: 200, description: 'The project', schema: Project },
  errors: [403, 404],
})

export const editProject = defineOperation({
  operationId: 'editProject',
  method: 'PUT',
  path: '/project/{projectId}',
  tag: tags.project,
  summary: 'Edit a project (owner, admin, devops); an absent description is kept',
  security: ['apiToken', 'session'],
  params: ProjectParams,
  body: ProjectRequest,
  success: { status: 200, description: 'The project as edited', schema: Project },
  errors: [404, 409],
})

export const deleteProject = defineOperation({
  operationId: 'deleteProject',
  method: 'DELETE',
  path: '/project/{projectId}',
  tag: tags.project,
  summary: 'Delete a project and its environments (owner, admin, devops)',
  security: ['apiToken', 'session'],
  params: ProjectParams,
  success: { status: 204, description: 'Deleted, with its environments' },
  errors: [404],
})

export const listEnvironment = defineOperation({
  operationId: 'listEnvironment',
  method: 'GET',
  path: '/project/{projectId}/environment',
  tag: tags.environments,
  summary: "List a project's environments, by name, a page at a time",
  security: ['apiToken', 'session'],
  params: ProjectParams,
  query: ListPageQuery('environments'),
  success: { status: 200, description: 'One page of environments, by name', schema: PageOf(Environment) },
  errors: [403, 404],
})

export const createEnvironment = defineOperation({
  operationId: 'createEnvironment',
  method: 'POST',
  path: '/project/{projectId}/environment',
  tag: tags.environments,
  summary: 'Create an environment in a project (owner, admin, devops); its name is unique in the project',
  security: ['apiToken', 'session'],
  params: ProjectParams,
  body: EnvironmentRequest,
  success: { status: 201, description: 'The new environment', schema: Environment },
  errors: [404, 409],
})

export const getEnvironment = defineOperation({
  operationId: 'getEnvironment',
  method: 'GET',
  path: '/environment/{environmentId}',
  tag: tags.environment,
  summary: 'Get an environment',
  security: ['apiToken', 'session'],
  params: EnvironmentParams,
  success: { status: 200, description: 'The environment', schema: Environment },
  errors: [403, 404],
})

export const editEnvironment = defineOperation({
  operationId: 'editEnvironment',
  method: 'PUT',
  path: '/environment/{environmentId}',
  tag: tags.environment,
  summary: 'Rename an environment or change its mode (owner, admin, devops)',
  security: ['apiToken', 'session'],
  params: EnvironmentParams,
  body: EnvironmentRequest,
  success: { status: 200, description: 'The environment as edited', schema: Environment },
  errors: [404, 409],
})

export const deleteEnvironment = defineOperation({
  operationId: 'deleteEnvironment',
  method: 'DELETE',
  path: '/environment/{environmentId}',
  tag: tags.environment,
  summary: 'Delete an environment (owner, admin, devops)',
  security: ['apiToken', 'session'],
  params: EnvironmentParams,
  success: { status: 204, description: 'Deleted' },
  errors: [404],
})
