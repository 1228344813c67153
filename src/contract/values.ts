/**
 * What clients need of the contract at run time, without the schemas: the operations' routes,
 * the role rules, the catalogues and the CSRF names. The CLI and the console import values from
 * here (and types from index.ts), so TypeBox stays out of the CLI's start and the console's bundle;
 * test/contract/routes.test.ts checks that nothing they load at run time reaches it.
 */
export { auditActionNames, auditActions, auditResources } from '../core/audit-actions.ts'
export { environmentModes } from '../core/environment-modes.ts'
export { problemReasonNames, problemReasons } from '../core/errors.ts'
export { conditionProblems, describeConditions, IDENTIFYING_CLAIMS } from '../core/oidc-conditions.ts'
export { actions } from '../core/permissions.ts'
export { projectPermissionLevels } from '../core/project-permissions.ts'
export { MAX_GRACE_PERIOD_SECONDS, tokenStatuses } from '../core/token-lifecycle.ts'
export {
  deliveryStatusWords,
  WEBHOOK_SECRET_GRACE_MAX_SECONDS,
  WEBHOOK_URL_MAX_LENGTH,
  webhookEvents,
  webhookEventTypes,
} from '../core/webhook-events.ts'
export { CSRF_COOKIE, CSRF_HEADER } from './csrf.ts'
export { tags } from './operation.ts'
export { routes } from './routes.ts'
export { grantableRoles, isOwner, roleAllows } from './rules.ts'
export { ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT_TYPE } from './token-exchange-names.ts'
