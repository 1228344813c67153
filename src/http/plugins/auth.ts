import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/csrf.ts'
import {
  type AuthFailure,
  GatehouseError,
  UNAUTHENTICATED_DETAIL,
  unauthenticated,
} from '../../core/errors.ts'
import type { Origin, Principal, RequestContext, UserPrincipal } from '../../core/principal.ts'
import { touchUserActivity } from '../../services/activity.ts'
import { type Authentication, authenticate, isRefusal, wrongSchemeHint } from '../../services/authenticate.ts'
import type { AuthScheme } from '../../services/metrics.ts'
import { coalescingCounter, sharedCounter } from '../../services/shared-limits.ts'
import type { App, AuthRequirement } from '../types.ts'
import { FailedAuthLimiter } from './failed-auth-limiter.ts'
import { sendProblem } from './problems.ts'

export const SESSION_COOKIE = 'gatehouse_session'
export const CLI_USER_AGENT_PREFIX = 'gatehouse-cli/'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Authenticates every request whose route asks for it (route config `auth`, default 'any'):
 * `Authorization: Token` (API token), `Authorization: Bearer` (session), or the session cookie.
 */
export function registerAuth(app: App): FailedAuthLimiter {
  const limiter = new FailedAuthLimiter(
    app.deps.config.authFailureLimit,
    app.deps.config.authFailureWindowSeconds,
    // Several processes share a PostgreSQL: they count failures together.
    app.deps.store.driver === 'postgres' ? coalescingCounter(sharedCounter(app.deps.db)) : undefined,
    // The database being down is said by the requests that need it; a count is not one of them.
    {
      onError: (error) =>
        app.log.debug({ err: error }, 'A failed authentication could not be counted in the database'),
    },
  )
  app.decorateRequest('principal', undefined)
  app.decorate('authLimiter', limiter)

  // A hook on each route that asks for a credential, and on no other: healthz, openapi.json and
  // unknown paths (a 404 for everyone, which must neither read as "bad credential" nor count
  // towards the failed-auth limit) pay nothing for it. A callback hook, not an async one: a
  // cached credential (or a refusal) is decided without a promise.
  app.addHook('onRoute', (route) => {
    const requirement: AuthRequirement =
      (route.config as { auth?: AuthRequirement } | undefined)?.auth ?? 'any'
    if (requirement === 'none') return
    const own = route.onRequest
    const authenticateRequest = (
      request: FastifyRequest,
      reply: FastifyReply,
      done: (error?: Error) => void,
    ) => {
      const outcome = authenticateFor(request, reply, requirement)
      if (outcome === PROCEED) return done()
      if (outcome === ANSWERED) return
      outcome.then((settled) => {
        if (settled === PROCEED) done()
      }, done)
    }
    route.onRequest = own === undefined ? [authenticateRequest] : [authenticateRequest, own].flat()
  })

  function authenticateFor(
    request: FastifyRequest,
    reply: FastifyReply,
    requirement: AuthRequirement,
    waited = false,
  ): HookOutcome | Promise<HookOutcome> {
    const headers = credentialHeadersOf(request)
    // Node keeps the first of several Authorization headers and drops the rest: refuse instead of
    // guessing which credential was meant. Not a failed authentication: no credential was read.
    if (headers.authorizations > 1) {
      sendProblem(reply, 'invalid_input', 'Send one Authorization header, not several.')
      return ANSWERED
    }
    const presented = presentedCredential(request, headers.authorization)
    // No credential at all is a signed-out page load or a forgotten header, not a guess: refused,
    // never counted, so that a crowd of signed-out browsers behind one office address cannot
    // block that address for everyone's good tokens and passwords.
    if (presented === undefined) return refuseCredential(reply, undefined)
    const nowMs = app.deps.now().getTime()
    // Near the limit across processes, an address's failures counted in the background are
    // waited for before its next attempt is evaluated (failed-auth-limiter.ts).
    const counting = waited ? undefined : limiter.countInFlight(request.ip, nowMs)
    if (counting) return counting.then(() => authenticateFor(request, reply, requirement, true))
    const retryAfter = limiter.blockedFor(request.ip, nowMs)
    if (retryAfter !== undefined) {
      app.deps.metrics?.authentication(schemeOf(presented), 'rate_limited')
      sendProblem(reply, 'rate_limited', 'Too many failed authentications from this address; retry later.', {
        retryAfterSeconds: retryAfter,
      })
      return ANSWERED
    }
    const credential = credentialOf(presented)
    if (credential === undefined) return refuseFailure(request, reply, presented, undefined, 'unknown', nowMs)
    const from = {
      ip: request.ip,
      userAgent: headers.userAgent,
      origin: originFrom(headers.authorization, 'cookie' in presented, headers.userAgent),
    }
    const outcome = authenticate(app.deps, credential[0], credential[1], from, nowMs)
    if (outcome instanceof Promise)
      return outcome.then((settled) =>
        conclude(request, reply, requirement, presented, credential, settled, nowMs),
      )
    return conclude(request, reply, requirement, presented, credential, outcome, nowMs)
  }

  function conclude(
    request: FastifyRequest,
    reply: FastifyReply,
    requirement: AuthRequirement,
    presented: { header: string } | { cookie: string },
    credential: Credential,
    settled: Authentication,
    nowMs: number,
  ): HookOutcome | Promise<HookOutcome> {
    return isRefusal(settled)
      ? refuseFailure(request, reply, presented, credential, settled.refused, nowMs)
      : admitPrincipal(request, reply, requirement, settled, credential)
  }

  /** A failed authentication: counted in memory, and across processes when they share a
   *  database (in the background far from the limit), then refused. */
  function refuseFailure(
    request: FastifyRequest,
    reply: FastifyReply,
    presented: { header: string } | { cookie: string },
    credential: Credential | undefined,
    failure: AuthFailure,
    nowMs: number,
  ): HookOutcome | Promise<HookOutcome> {
    app.deps.metrics?.authentication(schemeOf(presented), failure)
    limiter.recordFailure(request.ip, nowMs)
    // Near the limit the refusal waits for its count (failed-auth-limiter.ts); far from it, not.
    const counting = limiter.countSharedFailure(request.ip, nowMs)
    if (counting) return counting.then(() => refuseCredential(reply, credential))
    return refuseCredential(reply, credential)
  }

  function admitPrincipal(
    request: FastifyRequest,
    reply: FastifyReply,
    requirement: AuthRequirement,
    principal: Principal,
    credential: Credential,
  ): HookOutcome {
    if (principal.kind === 'user' && principal.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
      if (!csrfTokenMatches(request)) {
        sendProblem(
          reply,
          'csrf_failed',
          `Writes made with the session cookie must send the ${CSRF_HEADER} header.`,
        )
        return ANSWERED
      }
    }
    if (requirement === 'user' && principal.kind !== 'user') {
      sendProblem(reply, 'user_required', 'This action needs a signed-in user; API tokens cannot perform it.')
      return ANSWERED
    }
    request.principal = principal
    app.deps.metrics?.authentication(credential[1], 'ok')
    if (principal.kind === 'user') touchUserActivity(app.deps, principal.userId)
    return PROCEED
  }
  return limiter
}

/** What the authentication hook did: let the request go on to its handler, or answered it. */
const PROCEED = 'proceed'
const ANSWERED = 'answered'
type HookOutcome = typeof PROCEED | typeof ANSWERED

/** The scheme a credential was presented under, for the metrics (a closed set of labels). */
function schemeOf(presented: { header: string } | { cookie: string }): AuthScheme {
  if ('cookie' in presented) return 'cookie'
  const scheme = presented.header.slice(0, 7).toLowerCase()
  if (scheme.startsWith('token ')) return 'token'
  if (scheme.startsWith('bearer ')) return 'bearer'
  return 'other'
}

/** The headers authentication reads, from the raw header list in one pass: on this path Node's
 *  parsed headers object (every header's name lower-cased into a fresh object) is never built. */
interface CredentialHeaders {
  /** The first Authorization header, as Node's own parsing keeps it. */
  authorization: string | undefined
  authorizations: number
  userAgent: string
}

function credentialHeadersOf(request: FastifyRequest): CredentialHeaders {
  const raw = request.raw.rawHeaders
  let authorization: string | undefined
  let authorizations = 0
  let userAgent: string | undefined
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string
    // The length first: most names are neither, and lower-casing each would make a string.
    if (name.length === 13 && name.toLowerCase() === 'authorization') {
      if (authorizations++ === 0) authorization = raw[i + 1]
    } else if (userAgent === undefined && name.length === 10 && name.toLowerCase() === 'user-agent') {
      userAgent = raw[i + 1]
    }
  }
  return { authorization, authorizations, userAgent: userAgent ?? '' }
}

/** Still the one refusal for every reason; only a secret under the wrong scheme gets a hint. */
function refuseCredential(reply: FastifyReply, credential: Credential | undefined): HookOutcome {
  reply.header('www-authenticate', 'Token, Bearer')
  const hint = credential && wrongSchemeHint(...credential)
  sendProblem(reply, 'unauthenticated', hint ? `${UNAUTHENTICATED_DETAIL} ${hint}` : UNAUTHENTICATED_DETAIL)
  return ANSWERED
}

type Credential = [secret: string, via: 'token' | 'bearer' | 'cookie']

/** What the request presents as its credential: the Authorization header, else the session cookie. */
function presentedCredential(
  request: FastifyRequest,
  header: string | undefined,
): { header: string } | { cookie: string } | undefined {
  if (header !== undefined) return { header }
  const cookie = request.cookies[SESSION_COOKIE]
  return cookie ? { cookie } : undefined
}

/** The secret and its scheme; undefined for a header that is neither "Token x" nor "Bearer x". */
function credentialOf(presented: { header: string } | { cookie: string }): Credential | undefined {
  if ('cookie' in presented) return [presented.cookie, 'cookie']
  const match = /^(Token|Bearer) +(\S+) *$/i.exec(presented.header)
  if (!match) return undefined
  return [match[2] as string, (match[1] as string).toLowerCase() === 'token' ? 'token' : 'bearer']
}

/** Double-submit: a cross-site page can neither read our cookie nor send a custom header. */
function csrfTokenMatches(request: FastifyRequest): boolean {
  const header = request.headers[CSRF_HEADER]
  const cookie = request.cookies[CSRF_COOKIE]
  if (typeof header !== 'string' || !cookie) return false
  // Compare byte lengths, not string lengths: a non-ASCII header of the cookie's length would
  // make timingSafeEqual throw (a 500) instead of refusing.
  const given = Buffer.from(header)
  const expected = Buffer.from(cookie)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export function originOf(request: FastifyRequest): Origin {
  const authorization = request.headers.authorization
  const byCookie = authorization === undefined && Boolean(request.cookies[SESSION_COOKIE])
  return originFrom(authorization, byCookie, request.headers['user-agent'] ?? '')
}

function originFrom(authorization: string | undefined, byCookie: boolean, userAgent: string): Origin {
  if (authorization === undefined && byCookie) return 'console'
  if (userAgent.startsWith(CLI_USER_AGENT_PREFIX)) return 'cli'
  return 'api'
}

/** The request, as services see it. Only valid on routes that require a credential. */
export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.principal) throw unauthenticated()
  return {
    principal: request.principal,
    origin: originOf(request),
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
  }
}

export function userOf(request: FastifyRequest): UserPrincipal {
  const principal = request.principal
  if (principal?.kind !== 'user')
    throw new GatehouseError('user_required', 'This action needs a signed-in user.')
  return principal
}

export type { FastifyReply }
