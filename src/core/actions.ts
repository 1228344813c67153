/** Everything a role can allow, in the order the API and the console list permissions. */
export const actions = [
  'organization:read',
  'organization:edit',
  'organization:delete',
  'organization:transfer_ownership',
  'members:manage',
  'roles:read',
  'api_tokens:manage',
  'oidc_trusts:manage',
  'audit:read',
  'webhooks:manage',
  'projects:create',
  'projects:read',
  'projects:write',
  'deployments:create',
] as const
export type Action = (typeof actions)[number]
