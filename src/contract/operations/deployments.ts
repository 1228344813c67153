import { ListPageQuery, PageOf } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import { Deployment, DeploymentParams, DeploymentRequest } from '../schemas/deployment.ts'

export const listDeployment = defineOperation({
  operationId: 'listDeployment',
  method: 'GET',
  path: '/environment/{environmentId}/deployment',
  tag: tags.deployments,
  summary: "An environment's deployments, newest first, a page at a time (whoever may read the environment)",
  security: ['apiToken', 'session'],
  params: DeploymentParams,
  query: ListPageQuery('deployments'),
  success: { status: 200, description: 'One page of deployments, newest first', schema: PageOf(Deployment) },
  errors: [403, 404],
})

export const createDeployment = defineOperation({
  operationId: 'createDeployment',
  method: 'POST',
  path: '/environment/{environmentId}/deployment',
  tag: tags.deployments,
  summary:
    'Request a deployment of a version (owner, admin, devops; a custom role with DEPLOYER on the mode); recorded as QUEUED',
  security: ['apiToken', 'session'],
  params: DeploymentParams,
  body: DeploymentRequest,
  success: { status: 201, description: 'The deployment, as recorded', schema: Deployment },
  errors: [404],
})
