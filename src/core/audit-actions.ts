/**
 * Every action the audit trail records, in one catalogue: services write only these, the API
 * documents them, and the console's activity log words them. `<resource>.<verb>`.
 */
export const auditActions = {
  'organization.created': 'created the organization',
  'organization.updated': 'updated the organization',
  'organization.deleted': 'deleted the organization',
  'organization.ownership_transferred': 'transferred ownership to',
  'member.invited': 'invited',
  'member.joined': 'joined the organization',
  'member.role_changed': 'changed the role of',
  'member.removed': 'removed',
  'invitation.withdrawn': 'withdrew the invitation for',
  'api_token.created': 'created the API token',
  'api_token.deleted': 'deleted the API token',
  'api_token.updated': 'updated the API token',
  'api_token.rotated': 'rotated the API token',
  // The next three are recorded by Gatehouse with the token itself as the actor: its expiry (once,
  // when it is first refused or listed after it), a request from outside its allowed addresses,
  // and a report that its value leaked (the reporter is anonymous; details say where it was found).
  'api_token.expired': 'expired',
  'api_token.refused_address': 'was refused from an address outside its allow list',
  'api_token.revoked_leaked': 'was revoked as leaked',
  'oidc_trust.created': 'created the trust',
  'oidc_trust.updated': 'updated the trust',
  'oidc_trust.deleted': 'deleted the trust',
  'oidc.token_issued': 'exchanged an ID token for',
  'oidc.exchange_refused': 'was refused a token exchange',
  'webhook.created': 'added the webhook',
  'webhook.updated': 'updated the webhook',
  'webhook.deleted': 'deleted the webhook',
  'webhook.secret_rotated': 'rotated the signing secret of the webhook',
  'webhook.disabled': 'disabled the failing webhook',
  'project.created': 'created the project',
  'project.updated': 'updated the project',
  'project.deleted': 'deleted the project',
  'environment.created': 'created the environment',
  'environment.updated': 'updated the environment',
  'environment.deleted': 'deleted the environment',
  'role.created': 'created the role',
  'role.updated': 'changed the permissions of the role',
  'role.deleted': 'deleted the role',
  'deployment.requested': 'requested a deployment of',
} as const

export type AuditAction = keyof typeof auditActions
export const auditActionNames = Object.keys(auditActions) as AuditAction[]

/** The resources the trail can be filtered by (`api_token.*`), in the order the console offers them. */
export const auditResources = [
  'api_token',
  'oidc_trust',
  'oidc',
  'member',
  'invitation',
  'organization',
  'project',
  'environment',
  'deployment',
  'role',
  'webhook',
] as const
