import { defineOperation, tags } from '../operation.ts'
import { Account, LoginRequest, LoginResponse, SignupRequest, Whoami } from '../schemas/account.ts'
import { Health, Readiness } from '../schemas/health.ts'

export const signup = defineOperation({
  operationId: 'signup',
  method: 'POST',
  path: '/auth/signup',
  tag: tags.authentication,
  summary: 'Create an account',
  description: 'Limited per client address (each account costs a slow password hash).',
  security: [],
  body: SignupRequest,
  success: { status: 201, description: 'The new account', schema: Account },
  errors: [409, 429],
})

export const login = defineOperation({
  operationId: 'login',
  method: 'POST',
  path: '/auth/login',
  tag: tags.authentication,
  summary: 'Sign in',
  description:
    'Answers a session token (for `Authorization: Bearer`) and sets it as an HttpOnly cookie for the console.',
  security: [],
  body: LoginRequest,
  success: { status: 200, description: 'The session and who it belongs to', schema: LoginResponse },
  errors: [401, 429],
})

export const logout = defineOperation({
  operationId: 'logout',
  method: 'POST',
  path: '/auth/logout',
  tag: tags.authentication,
  summary: 'Sign out: the session stops working at once, on every server',
  security: ['session'],
  success: { status: 204, description: 'Signed out' },
})

export const whoami = defineOperation({
  operationId: 'whoami',
  method: 'GET',
  path: '/auth/whoami',
  tag: tags.authentication,
  summary: 'Describe the caller: a user, or an API token with its organization and role',
  security: ['apiToken', 'session'],
  success: { status: 200, description: 'The caller', schema: Whoami },
})

export const getAccountInformation = defineOperation({
  operationId: 'getAccountInformation',
  method: 'GET',
  path: '/account',
  tag: tags.account,
  summary: 'The signed-in user',
  security: ['session'],
  success: { status: 200, description: 'The signed-in user', schema: Account },
})

export const getHealth = defineOperation({
  operationId: 'getHealth',
  method: 'GET',
  path: '/healthz',
  tag: tags.health,
  summary: 'Liveness: answers without touching the database',
  security: [],
  success: { status: 200, description: 'The process is alive', schema: Health },
})

export const getReadiness = defineOperation({
  operationId: 'getReadiness',
  method: 'GET',
  path: '/readyz',
  tag: tags.health,
  summary: 'Readiness: 503 while the database or the invalidation listener is down, or the process stops',
  description:
    "The problem's detail says which: the database, the invalidation listener (PostgreSQL: the LISTEN connection that brings other processes' revocations), or a shutdown in progress.",
  security: [],
  success: { status: 200, description: 'Ready to serve', schema: Readiness },
  errors: [503],
})
