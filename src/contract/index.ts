/**
 * The API contract: every request and response shape once, and every operation as data. The
 * server's routes, the typed client (and through it the console and the CLI) and the OpenAPI
 * document are all made from what is here. Depends on src/core only.
 */
import * as apiTokenOperations from './operations/api-tokens.ts'
import * as auditOperations from './operations/audit.ts'
import * as authOperations from './operations/auth.ts'
import * as customRoleOperations from './operations/custom-roles.ts'
import * as deploymentOperations from './operations/deployments.ts'
import * as memberOperations from './operations/members.ts'
import * as oidcOperations from './operations/oidc.ts'
import * as organizationOperations from './operations/organizations.ts'
import * as projectOperations from './operations/projects.ts'
import * as webhookOperations from './operations/webhooks.ts'

export const operations = {
  ...authOperations,
  ...organizationOperations,
  ...memberOperations,
  ...customRoleOperations,
  ...apiTokenOperations,
  ...oidcOperations,
  ...projectOperations,
  ...deploymentOperations,
  ...auditOperations,
  ...webhookOperations,
}
export type Operations = typeof operations
export type OperationId = keyof Operations

export { type AuditAction, auditActionNames, auditActions, auditResources } from '../core/audit-actions.ts'
export { type FieldError, type ProblemReason, problemReasonNames, problemReasons } from '../core/errors.ts'
export {
  conditionProblems,
  describeConditions,
  IDENTIFYING_CLAIMS,
  type OidcConditions,
} from '../core/oidc-conditions.ts'
export { type Action, actions } from '../core/permissions.ts'
export { type WebhookEventType, webhookEvents, webhookEventTypes } from '../core/webhook-events.ts'
export * from './common.ts'
export * from './csrf.ts'
export * from './operation.ts'
export * from './operations/api-tokens.ts'
export * from './operations/audit.ts'
export * from './operations/auth.ts'
export * from './operations/custom-roles.ts'
export * from './operations/deployments.ts'
export * from './operations/members.ts'
export * from './operations/oidc.ts'
export * from './operations/organizations.ts'
export * from './operations/projects.ts'
export * from './operations/webhooks.ts'
export * from './rules.ts'
export * from './schemas/account.ts'
export * from './schemas/api-token.ts'
export * from './schemas/audit.ts'
export * from './schemas/custom-role.ts'
export * from './schemas/deployment.ts'
export * from './schemas/environment.ts'
export * from './schemas/health.ts'
export * from './schemas/invitation.ts'
export * from './schemas/member.ts'
export * from './schemas/oidc.ts'
export * from './schemas/organization.ts'
export * from './schemas/project.ts'
export * from './schemas/role.ts'
export * from './schemas/webhook.ts'
