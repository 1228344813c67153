/** What the Trusted CI tests share: trusts made through the API, exchanges, and their traces. */
import { expect } from 'vitest'
import { type ApiResponse, type Credential, call, type TestOrganization, uniqueSuffix } from './api.ts'
import type { TestGatehouse } from './harness.ts'

export const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange'
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token'
export const AUDIENCE = 'https://gatehouse.test'

export interface TestTrust {
  id: string
  name: string
  issuer: string
  audience: string
  conditions: Record<string, string>
  role_id: string
  token_lifetime_seconds: number
}

export async function createTrust(
  gatehouse: TestGatehouse,
  organization: TestOrganization,
  fields: {
    issuer: string
    conditions: Record<string, string>
    role?: 'admin' | 'devops' | 'billing' | 'viewer'
    audience?: string
    name?: string
    token_lifetime_seconds?: number
  },
  as: Credential = organization.owner.as,
): Promise<TestTrust> {
  const created = await call(gatehouse, 'POST', `/organization/${organization.id}/oidcTrust`, {
    as,
    body: {
      name: fields.name ?? `trust ${uniqueSuffix()}`,
      issuer: fields.issuer,
      audience: fields.audience ?? AUDIENCE,
      conditions: fields.conditions,
      role_id: organization.roles[fields.role ?? 'devops'],
      ...(fields.token_lifetime_seconds ? { token_lifetime_seconds: fields.token_lifetime_seconds } : {}),
    },
  })
  expect(created.status, created.text).toBe(201)
  return created.body
}

/** POST /oidc/token, form-encoded as OAuth clients send it (or JSON). */
export async function exchange(
  gatehouse: TestGatehouse,
  organizationId: string,
  subjectToken: string,
  options: { json?: boolean; extra?: Record<string, string>; ip?: string } = {},
): Promise<ApiResponse> {
  const fields = {
    grant_type: GRANT_TYPE,
    subject_token: subjectToken,
    subject_token_type: ID_TOKEN_TYPE,
    organization_id: organizationId,
    ...options.extra,
  }
  const response = await gatehouse.app.inject({
    method: 'POST',
    url: '/api/oidc/token',
    ...(options.ip ? { remoteAddress: options.ip } : {}),
    headers: {
      'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    payload: options.json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  })
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    body = undefined
  }
  return { status: response.statusCode, body, headers: response.headers, text: response.body }
}

/** The tokens a trust issued in an organization, from the database. */
export async function issuedTokens(gatehouse: TestGatehouse, organizationId: string) {
  return gatehouse.deps.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role_id', 'expires_at', 'oidc_trust_id', 'origin'])
    .where('organization_id', '=', organizationId)
    .where('origin', '=', 'oidc')
    .execute()
}

/** Each refusal's reason in the organization's trail, oldest first. */
export async function refusalReasons(gatehouse: TestGatehouse, organizationId: string): Promise<string[]> {
  const rows = await gatehouse.deps.db
    .selectFrom('audit_events')
    .select('details')
    .where('organization_id', '=', organizationId)
    .where('action', '=', 'oidc.exchange_refused')
    .orderBy('created_at')
    .execute()
  return rows.map((row) => String((row.details as { reason?: string }).reason))
}
