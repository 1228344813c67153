import type {
  Account,
  ApiToken,
  AuditEvent,
  CreatedApiToken,
  Environment,
  EnvironmentMode,
  Invitation,
  Member,
  Organization,
  Project,
  Results,
  Role,
} from './types.ts'

const CSRF_COOKIE = 'gatehouse_csrf'
const CSRF_HEADER = 'x-gatehouse-csrf'

/** A refused request, in words: `detail` from the problem+json body, field errors by field name. */
export class ApiError extends Error {
  readonly status: number
  readonly fieldErrors: Record<string, string>

  constructor(status: number, detail: string, fieldErrors: Record<string, string> = {}) {
    super(detail)
    this.name = 'ApiError'
    this.status = status
    this.fieldErrors = fieldErrors
  }
}

type Listener = () => void
const sessionLostListeners = new Set<Listener>()

/** Called when the server says the session is gone (401), so the app can ask to sign in again. */
export function onSessionLost(listener: Listener): () => void {
  sessionLostListeners.add(listener)
  return () => sessionLostListeners.delete(listener)
}

function csrfToken(): string {
  const pair = document.cookie.split('; ').find((part) => part.startsWith(`${CSRF_COOKIE}=`))
  return pair ? decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1)) : ''
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET') headers[CSRF_HEADER] = csrfToken()
  let response: Response
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.')
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  if (response.ok) return json as T
  throw toApiError(response.status, json, path)
}

function toApiError(status: number, json: unknown, path: string): ApiError {
  const problem = (json ?? {}) as { detail?: string; errors?: { field: string; message: string }[] }
  const fieldErrors: Record<string, string> = {}
  for (const error of problem.errors ?? []) {
    // The server names fields "body.name"; forms know them as "name".
    const field = error.field.replace(/^(body|querystring|params)\./, '')
    fieldErrors[field] ??= error.message
  }
  if (status === 401 && !path.startsWith('/auth/')) for (const listener of sessionLostListeners) listener()
  return new ApiError(status, problem.detail ?? fallbackDetail(status), fieldErrors)
}

function fallbackDetail(status: number): string {
  if (status === 404) return 'This is not available (yet) on this server.'
  if (status >= 500) return 'Something went wrong on the server. Try again in a moment.'
  return `The request failed (HTTP ${status}).`
}

const org = (id: string) => `/organization/${encodeURIComponent(id)}`

/** Every call the console makes, one line each. */
export const api = {
  signUp: (body: { email: string; password: string; name: string }) =>
    request<Account>('POST', '/auth/signup', body),
  // The JSON answer also holds the session token; the console relies on the HttpOnly cookie only
  // and deliberately discards it.
  signIn: async (body: { email: string; password: string }) => {
    const { user } = await request<{ user: Account }>('POST', '/auth/login', body)
    return user
  },
  signOut: () => request<void>('POST', '/auth/logout'),
  account: () => request<Account>('GET', '/account'),

  organizations: () => request<Results<Organization>>('GET', '/organization'),
  organization: (id: string) => request<Organization>('GET', org(id)),
  createOrganization: (body: { name: string; description?: string }) =>
    request<Organization>('POST', '/organization', body),
  updateOrganization: (id: string, body: { name: string; description: string }) =>
    request<Organization>('PUT', org(id), body),
  deleteOrganization: (id: string) => request<void>('DELETE', org(id)),
  roles: (id: string) => request<Results<Role>>('GET', `${org(id)}/availableRole`),

  members: (id: string) => request<Results<Member>>('GET', `${org(id)}/member`),
  changeMemberRole: (id: string, body: { user_id: string; role_id: string }) =>
    request<Member>('PUT', `${org(id)}/member`, body),
  removeMember: (id: string, userId: string) =>
    request<void>('DELETE', `${org(id)}/member`, { user_id: userId }),
  transferOwnership: (id: string, userId: string) =>
    request<void>('POST', `${org(id)}/transferOwnership`, { user_id: userId }),
  invitations: (id: string) => request<Results<Invitation>>('GET', `${org(id)}/inviteMember`),
  invite: (id: string, body: { email: string; role_id: string }) =>
    request<Invitation>('POST', `${org(id)}/inviteMember`, body),
  invitation: (id: string, inviteId: string) =>
    request<Invitation>('GET', `${org(id)}/inviteMember/${encodeURIComponent(inviteId)}`),
  acceptInvitation: (id: string, inviteId: string) =>
    request<unknown>('POST', `${org(id)}/inviteMember/${encodeURIComponent(inviteId)}`),
  withdrawInvitation: (id: string, inviteId: string) =>
    request<void>('DELETE', `${org(id)}/inviteMember/${encodeURIComponent(inviteId)}`),

  apiTokens: (id: string) => request<Results<ApiToken>>('GET', `${org(id)}/apiToken`),
  createApiToken: (id: string, body: { name: string; description?: string; role_id: string | null }) =>
    request<CreatedApiToken>('POST', `${org(id)}/apiToken`, body),
  deleteApiToken: (id: string, tokenId: string) =>
    request<void>('DELETE', `${org(id)}/apiToken/${encodeURIComponent(tokenId)}`),

  projects: (id: string) => request<Results<Project>>('GET', `${org(id)}/project`),
  createProject: (id: string, body: { name: string; description?: string }) =>
    request<Project>('POST', `${org(id)}/project`, body),
  project: (projectId: string) => request<Project>('GET', `/project/${encodeURIComponent(projectId)}`),
  updateProject: (projectId: string, body: { name: string; description?: string }) =>
    request<Project>('PUT', `/project/${encodeURIComponent(projectId)}`, body),
  deleteProject: (projectId: string) => request<void>('DELETE', `/project/${encodeURIComponent(projectId)}`),
  environments: (projectId: string) =>
    request<Results<Environment>>('GET', `/project/${encodeURIComponent(projectId)}/environment`),
  createEnvironment: (projectId: string, body: { name: string; mode: EnvironmentMode }) =>
    request<Environment>('POST', `/project/${encodeURIComponent(projectId)}/environment`, body),
  updateEnvironment: (environmentId: string, body: { name: string; mode: EnvironmentMode }) =>
    request<Environment>('PUT', `/environment/${encodeURIComponent(environmentId)}`, body),
  deleteEnvironment: (environmentId: string) =>
    request<void>('DELETE', `/environment/${encodeURIComponent(environmentId)}`),

  auditEvents: (id: string, query: { limit?: number; cursor?: string; action?: string }) => {
    const params = new URLSearchParams()
    if (query.limit) params.set('limit', String(query.limit))
    if (query.cursor) params.set('cursor', query.cursor)
    if (query.action) params.set('action', query.action)
    const search = params.toString()
    return request<{ results: AuditEvent[]; next_cursor: string | null }>(
      'GET',
      `${org(id)}/auditEvent${search ? `?${search}` : ''}`,
    )
  },
}
