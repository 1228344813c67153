/** Everything a role can allow, in the order the API and the console list permissions. */
export const actions = [
  'organization:read',
  'organization:edit',
  'organization:delete',
  'organization:transfer_ownership',
  'members:manage',
  'api_tokens:manage',
  'oidc_trusts:manage',
  'audit:read',
  'projects:create',
  'projects:read',
  'projects:write',
] as const
export type Action = (typeof actions)[number]
