import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { EnvironmentMode } from '../core/environment-modes.ts'
import type { ProjectPermissionLevel } from '../core/project-permissions.ts'
import type { RoleKind } from '../core/roles.ts'

/** The database, as Kysely checks every query against it. Timestamps are timestamptz. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

export interface UsersTable {
  id: Generated<string>
  email: string
  name: string
  password_hash: string
  created_at: Timestamp
  last_activity_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface SessionsTable {
  id: Generated<string>
  user_id: string
  token_digest: Buffer
  created_at: Timestamp
  expires_at: ColumnType<Date, Date | string, Date | string>
}

export interface OrganizationsTable {
  id: Generated<string>
  name: string
  description: string
  owner_id: string
  created_at: Timestamp
  updated_at: Timestamp
  /** Tokens must expire within this many days of their creation or extension; null: no limit. */
  api_token_max_lifetime_days: ColumnType<number | null, number | null | undefined, number | null>
}

export interface RolesTable {
  id: Generated<string>
  organization_id: string
  name: string
  /** Built-in roles are made with every organization from src/core/roles.ts; custom ones come later. */
  kind: ColumnType<RoleKind, RoleKind | undefined, RoleKind>
  /** Action names of src/core/permissions.ts; names this version does not know grant nothing. */
  permissions: ColumnType<string[], string[] | undefined, string[]>
  /** A custom role's own words; a built-in role's description lives in src/core/roles.ts. */
  description: ColumnType<string, string | undefined, string>
  created_at: Timestamp
}

/** A custom role's grant in one project (no row: NO_ACCESS there). */
export interface RoleProjectPermissionsTable {
  role_id: string
  project_id: string
  is_admin: boolean
  development: ProjectPermissionLevel
  preview: ProjectPermissionLevel
  staging: ProjectPermissionLevel
  production: ProjectPermissionLevel
}

export type DeploymentStatus = 'QUEUED'

/** A request to deploy a version of an environment; Gatehouse records it and does not run it. */
export interface DeploymentsTable {
  id: Generated<string>
  organization_id: string
  environment_id: string
  version: string
  status: ColumnType<DeploymentStatus, DeploymentStatus | undefined, DeploymentStatus>
  requester_type: 'user' | 'api_token'
  requester_id: string
  requester_name: string
  created_at: Timestamp
}

export interface MembershipsTable {
  organization_id: string
  user_id: string
  role_id: string
  created_at: Timestamp
}

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'EXPIRED'

export interface InvitationsTable {
  id: Generated<string>
  organization_id: string
  email: string
  role_id: string
  inviter_name: string
  /** Who sent it, a user or an API token (null only for an old invitation whose sender is unknown). */
  inviter_type: ColumnType<
    'user' | 'api_token' | null,
    'user' | 'api_token' | null | undefined,
    'user' | 'api_token' | null
  >
  inviter_id: ColumnType<string | null, string | null | undefined, string | null>
  status: InvitationStatus
  created_at: Timestamp
  accepted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface ApiTokensTable {
  id: Generated<string>
  organization_id: string
  name: string
  description: string
  role_id: string
  token_digest: Buffer
  /** 'oidc': issued by a trust (creator_id is the trust's id). */
  creator_type: 'user' | 'api_token' | 'oidc'
  creator_id: string
  creator_name: string
  created_at: Timestamp
  updated_at: Timestamp
  /** null: never expires. Refused from this instant on. */
  expires_at: NullableTimestamp
  /** As flushed by the processes that saw it used (at most once a minute each). */
  last_used_at: NullableTimestamp
  /** Up to five most recent distinct client addresses, newest first. */
  last_used_from: ColumnType<LastUsedFrom[], string | undefined, string>
  /** IPv4 and IPv6 CIDRs, canonical; empty: any address. */
  allowed_cidrs: ColumnType<string[], string[] | undefined, string[]>
  /** The value a rotation replaced, accepted until previous_expires_at (the grace period). */
  previous_token_digest: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>
  previous_expires_at: NullableTimestamp
  rotated_at: NullableTimestamp
  /** Reported leaked (POST /apiToken/revokeLeaked): refused from then on, kept in the list. */
  leaked_at: NullableTimestamp
  leak_url: ColumnType<string | null, string | null | undefined, string | null>
  leak_source: ColumnType<string | null, string | null | undefined, string | null>
  /** When the audit trail recorded its expiry (once, lazily). */
  expiry_recorded_at: NullableTimestamp
  /** 'oidc': issued by a trust to a CI job (oidc_trust_id says which, null once it is deleted). */
  origin: ColumnType<ApiTokenOrigin, ApiTokenOrigin | undefined, ApiTokenOrigin>
  oidc_trust_id: ColumnType<string | null, string | null | undefined, string | null>
}

export interface LastUsedFrom {
  ip: string
  /** RFC 3339. */
  last_used_at: string
}

export type ApiTokenOrigin = 'manual' | 'oidc'

export interface OidcTrustsTable {
  id: Generated<string>
  organization_id: string
  name: string
  issuer: string
  audience: string
  /** Claim name -> exact value or glob (src/core/oidc-conditions.ts). */
  conditions: ColumnType<Record<string, string>, string, string>
  role_id: string
  token_lifetime_seconds: number
  created_at: Timestamp
  updated_at: Timestamp
}

/** ID tokens already exchanged, by issuer and jti, kept until they expire: replays are refused. */
export interface OidcUsedTokensTable {
  issuer: string
  jti: string
  expires_at: ColumnType<Date, Date | string, Date | string>
}

export interface ProjectsTable {
  id: Generated<string>
  organization_id: string
  name: string
  description: string
  created_at: Timestamp
  updated_at: Timestamp
}

export type { EnvironmentMode }

export interface EnvironmentsTable {
  id: Generated<string>
  project_id: string
  organization_id: string
  name: string
  mode: EnvironmentMode
  created_at: Timestamp
  updated_at: Timestamp
}

/** 'oidc': a CI job exchanging its ID token (the actor id is the trust's, or nil when none matched). */
export type AuditActorType = 'user' | 'api_token' | 'oidc' | 'system'

export interface AuditEventsTable {
  id: Generated<string>
  /** No foreign key: the trail of a deleted organization outlives it. */
  organization_id: string
  created_at: Timestamp
  action: string
  target_type: string
  target_id: string | null
  target_name: string | null
  actor_type: AuditActorType
  actor_id: string
  actor_name: string
  origin: 'console' | 'cli' | 'api' | 'system'
  ip: string
  user_agent: string
  details: ColumnType<Record<string, unknown>, string, string>
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed'

export interface WebhooksTable {
  id: Generated<string>
  organization_id: string
  url: string
  description: ColumnType<string, string | undefined, string>
  events: ColumnType<string[], string[], string[]>
  /** The signing key (whsec_…): shown once, never listed. */
  secret: string
  previous_secret: ColumnType<string | null, string | null | undefined, string | null>
  previous_secret_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  enabled: ColumnType<boolean, boolean | undefined, boolean>
  disabled_reason: ColumnType<string | null, string | null | undefined, string | null>
  failing_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  created_at: Timestamp
  updated_at: Timestamp
}

/** The outbox and the delivery log at once: one row per event and webhook. */
export interface WebhookDeliveriesTable {
  id: Generated<string>
  webhook_id: string
  organization_id: string
  event_id: string
  event_type: string
  payload: ColumnType<Record<string, unknown>, string, string>
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>
  attempts: ColumnType<number, number | undefined, number>
  next_attempt_at: ColumnType<Date, Date | string, Date | string>
  claimed_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  last_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  last_status_code: ColumnType<number | null, number | null | undefined, number | null>
  last_error: ColumnType<string | null, string | null | undefined, string | null>
  last_duration_ms: ColumnType<number | null, number | null | undefined, number | null>
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  created_at: Timestamp
}

export interface ApiTokenExpiryNoticesTable {
  api_token_id: string
  notice: string
  created_at: Timestamp
}

/** Unlogged: counts of the limits shared by the processes on one PostgreSQL (ms since the epoch). */
export interface RateLimitCountersTable {
  key: string
  window_start: ColumnType<number, number, number>
  count: number
  expires_at: ColumnType<number, number, number>
}

export interface LoginLockoutsTable {
  account: string
  failures: number
  locked_until: ColumnType<number, number, number>
  last_failure: ColumnType<number, number, number>
}

export interface Database {
  users: UsersTable
  sessions: SessionsTable
  organizations: OrganizationsTable
  roles: RolesTable
  role_project_permissions: RoleProjectPermissionsTable
  memberships: MembershipsTable
  invitations: InvitationsTable
  api_tokens: ApiTokensTable
  projects: ProjectsTable
  environments: EnvironmentsTable
  deployments: DeploymentsTable
  audit_events: AuditEventsTable
  oidc_trusts: OidcTrustsTable
  oidc_used_tokens: OidcUsedTokensTable
  webhooks: WebhooksTable
  webhook_deliveries: WebhookDeliveriesTable
  api_token_expiry_notices: ApiTokenExpiryNoticesTable
  rate_limit_counters: RateLimitCountersTable
  login_lockouts: LoginLockoutsTable
}

export type UserRow = Selectable<UsersTable>
export type OrganizationRow = Selectable<OrganizationsTable>
export type ApiTokenRow = Selectable<ApiTokensTable>
export type ProjectRow = Selectable<ProjectsTable>
export type EnvironmentRow = Selectable<EnvironmentsTable>
export type OidcTrustRow = Selectable<OidcTrustsTable>
export type AuditEventRow = Selectable<AuditEventsTable>
export type NewAuditEvent = Insertable<AuditEventsTable>
export type OrganizationUpdate = Updateable<OrganizationsTable>
