/** The shapes of the public REST API the console reads (see the API contract). */

export type Action =
  | 'organization:read'
  | 'organization:edit'
  | 'organization:delete'
  | 'organization:transfer_ownership'
  | 'members:manage'
  | 'api_tokens:manage'
  | 'audit:read'
  | 'projects:create'
  | 'projects:read'
  | 'projects:write'

export interface Account {
  id: string
  email: string
  name: string
  created_at: string
}

export interface Organization {
  id: string
  created_at: string
  updated_at: string
  name: string
  description: string
  owner: string
}

export interface Role {
  id: string
  name: string
  permissions: Action[]
}

export interface Member {
  id: string
  created_at: string
  name: string
  email: string
  role_id: string
  role_name: string
  last_activity_at: string | null
}

export interface Invitation {
  id: string
  created_at: string
  email: string
  role_id: string
  role_name: string
  invitation_link: string
  invitation_status: string
  inviter: string | { id?: string; name?: string; email?: string }
  organization_name?: string
}

export interface ApiToken {
  id: string
  created_at: string
  updated_at: string
  name: string
  description: string
  role_id: string
  role_name: string
  creator_name: string
}

/** The answer to a token creation: the only time the secret travels. */
export interface CreatedApiToken extends Omit<ApiToken, 'creator_name'> {
  token: string
}

export interface Project {
  id: string
  created_at: string
  updated_at: string
  name: string
  description: string
  organization: { id: string }
}

export const environmentModes = ['DEVELOPMENT', 'PREVIEW', 'STAGING', 'PRODUCTION'] as const
export type EnvironmentMode = (typeof environmentModes)[number]

export interface Environment {
  id: string
  created_at: string
  updated_at: string
  name: string
  mode: EnvironmentMode
  project: { id: string }
  organization: { id: string }
}

export interface AuditEvent {
  id: string
  created_at: string
  action: string
  target: { type: string; id: string | null; name: string | null }
  actor: { type: string; id: string | null; name: string | null }
  origin: string
  ip: string
  user_agent: string
  details: Record<string, unknown> | null
}

export interface Results<T> {
  results: T[]
}
