import { randomBytes } from 'node:crypto'
import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose'
import { GatehouseError } from '../core/errors.ts'
import { claimText, unmetConditions } from '../core/oidc-conditions.ts'
import type { Origin } from '../core/principal.ts'
import { redactSecrets } from '../core/secrets.ts'
import { digestToken, generateToken } from '../core/token.ts'
import type { OidcTrustRow } from '../store/schema.ts'
import { NO_ORGANIZATION } from './authorize.ts'
import type { Deps } from './deps.ts'
import { changeAndInvalidate } from './invalidation.ts'
import { type IssuerKeys, IssuerUnavailableError } from './oidc-keys.ts'

/** The algorithms GitHub (RS256) and GitLab (RS256) sign with, and ES256; never none, never HS*. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256']
/** exp, nbf and iat are checked with this much leeway for clocks that disagree. */
export const CLOCK_LEEWAY_SECONDS = 60

/**
 * Why an exchange was refused, for the organization's audit trail. The caller is told less
 * (REFUSAL_WORDS): nothing that tells which trusts exist or which of their checks failed.
 */
export type RefusalReason =
  | 'issuer_not_allowed'
  | 'no_trust'
  | 'issuer_unavailable'
  | 'unknown_key'
  | 'bad_signature'
  | 'algorithm_not_allowed'
  | 'expired'
  | 'not_yet_valid'
  | 'missing_claims'
  | 'wrong_audience'
  | 'conditions_not_met'
  | 'replayed'

const REFUSAL_WORDS: Record<RefusalReason, string> = {
  issuer_not_allowed: 'This server does not accept ID tokens from this issuer.',
  no_trust: 'No trust of this organization accepts this ID token.',
  wrong_audience: 'No trust of this organization accepts this ID token.',
  conditions_not_met: 'No trust of this organization accepts this ID token.',
  issuer_unavailable:
    "The ID token could not be verified now: its issuer's keys could not be fetched. Retry later.",
  unknown_key: "The ID token's signature could not be verified.",
  bad_signature: "The ID token's signature could not be verified.",
  algorithm_not_allowed: "The ID token's signature could not be verified.",
  expired: 'The ID token is expired or not yet valid.',
  not_yet_valid: 'The ID token is expired or not yet valid.',
  missing_claims: 'The ID token lacks a claim it must carry (exp, iat, jti).',
  replayed: 'This ID token was already exchanged: request a new one from your CI.',
}

export class ExchangeRefusal extends GatehouseError {
  readonly why: RefusalReason
  readonly audit:
    | { trust?: { id: string; name: string } | undefined; details: Record<string, unknown> }
    | undefined

  constructor(why: RefusalReason, audit?: ExchangeRefusal['audit'], extra: Record<string, unknown> = {}) {
    super('invalid_grant', REFUSAL_WORDS[why])
    this.why = why
    this.audit = audit && { ...audit, details: { ...audit.details, ...extra } }
  }
}

export interface ExchangeRequest {
  subjectToken: string
  organizationId: string
}

export interface ExchangeContext {
  origin: Origin
  ip: string
  userAgent: string
}

export interface ExchangedToken {
  access_token: string
  issued_token_type: 'urn:ietf:params:oauth:token-type:access_token'
  token_type: 'Token'
  expires_in: number
}

/** The claims worth keeping in the trail about a job: which repository, branch and run. */
const JOB_CLAIMS = [
  'sub',
  'repository',
  'project_path',
  'ref',
  'environment',
  'workflow',
  'run_id',
  'run_attempt',
  'pipeline_id',
  'job_id',
] as const

/**
 * Exchanges a CI job's OIDC ID token for an API token of the organization, under the first trust
 * (oldest) whose issuer, audience and conditions it meets. In order: the token's `iss` must be an
 * issuer the operator allows (before anything is fetched), the organization must have trusts for
 * it, the signature must verify against the issuer's keys (RS256/ES256), exp/nbf/iat must hold
 * within CLOCK_LEEWAY_SECONDS, a trust must accept its audience and claims, and its jti must never
 * have been exchanged before, on any process (stored until the token expires, in the same
 * transaction as the new API token). Refusals throw ExchangeRefusal; the caller records them.
 */
export async function exchangeOidcToken(
  deps: Deps,
  keys: IssuerKeys,
  ctx: ExchangeContext,
  request: ExchangeRequest,
): Promise<ExchangedToken> {
  const unverified = decodeUnverified(request.subjectToken)
  const issuer = typeof unverified.iss === 'string' ? unverified.iss : ''
  const allowed = deps.config.oidcIssuers.includes(issuer)
  const audit = { details: { issuer: allowed ? issuer : 'not allowed' } }
  if (!allowed) throw new ExchangeRefusal('issuer_not_allowed', audit)

  const trusts = await deps.db
    .selectFrom('oidc_trusts')
    .selectAll()
    .where('organization_id', '=', request.organizationId)
    .where('issuer', '=', issuer)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  if (trusts.length === 0) throw new ExchangeRefusal('no_trust', audit)

  const claims = await verify(deps, keys, request.subjectToken, issuer, audit)
  const job = jobOf(claims)
  const withJob = { details: { ...audit.details, ...job } }
  const audiences = [claims.aud ?? []].flat()
  const listening = trusts.filter((trust) => audiences.includes(trust.audience))
  if (listening.length === 0) throw new ExchangeRefusal('wrong_audience', withJob, { audience: audiences })
  const unmet = listening.map((trust) => ({ trust, unmet: unmetConditions(trust.conditions, claims) }))
  const accepted = unmet.find((candidate) => candidate.unmet.length === 0)?.trust
  if (!accepted) {
    const first = unmet[0] as { trust: OidcTrustRow; unmet: string[] }
    throw new ExchangeRefusal(
      'conditions_not_met',
      { trust: { id: first.trust.id, name: first.trust.name }, ...withJob },
      {
        unmet: Object.fromEntries(unmet.slice(0, 5).map(({ trust, unmet }) => [trust.name, unmet])),
      },
    )
  }
  return issueToken(deps, ctx, accepted, claims, job)
}

function decodeUnverified(jwt: string): JWTPayload {
  try {
    decodeProtectedHeader(jwt)
    return decodeJwt(jwt)
  } catch {
    throw new GatehouseError('invalid_request', 'subject_token is not a JWT (an OIDC ID token).', {
      fieldErrors: [{ field: 'body.subject_token', message: 'must be a JWT: three base64url parts' }],
    })
  }
}

async function verify(
  deps: Deps,
  keys: IssuerKeys,
  jwt: string,
  issuer: string,
  audit: { details: Record<string, unknown> },
): Promise<JWTPayload & { exp: number; iat: number; jti: string }> {
  const now = deps.now()
  try {
    const { payload } = await jwtVerify(jwt, keys.resolverFor(issuer), {
      algorithms: ACCEPTED_ALGORITHMS,
      issuer,
      clockTolerance: CLOCK_LEEWAY_SECONDS,
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'jti'],
    })
    // jose checks that iat is a number; one from the future is a forged or broken token.
    if ((payload.iat as number) > now.getTime() / 1000 + CLOCK_LEEWAY_SECONDS)
      throw new ExchangeRefusal('not_yet_valid', audit)
    if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 255)
      throw new ExchangeRefusal('missing_claims', audit)
    return payload as JWTPayload & { exp: number; iat: number; jti: string }
  } catch (error) {
    if (error instanceof ExchangeRefusal) throw error
    throw new ExchangeRefusal(refusalOf(error), audit)
  }
}

function refusalOf(error: unknown): RefusalReason {
  if (error instanceof IssuerUnavailableError) return 'issuer_unavailable'
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_key'
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm_not_allowed'
  if (error instanceof errors.JWTExpired) return 'expired'
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not_yet_valid'
    if (error.reason === 'missing') return 'missing_claims'
  }
  return 'bad_signature'
}

/** The job's identifying claims, as the trail keeps them (strings only, never the token). */
function jobOf(claims: JWTPayload): Record<string, string> {
  const job: Record<string, string> = {}
  for (const name of JOB_CLAIMS) {
    const text = claimText(claims[name])
    if (text !== undefined) job[name] = redactSecrets(text.slice(0, 255))
  }
  return job
}

async function issueToken(
  deps: Deps,
  ctx: ExchangeContext,
  trust: OidcTrustRow,
  claims: JWTPayload & { exp: number; jti: string },
  job: Record<string, string>,
): Promise<ExchangedToken> {
  const token = generateToken('api_token')
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + trust.token_lifetime_seconds * 1000)
  const name = tokenNameOf(trust.name, job.sub ?? job.repository ?? job.project_path ?? 'job')
  const digest = digestToken(token)
  // Announced like any token creation: every process's filter of issued digests must know it
  // before the job uses it, or another process would refuse it as never issued.
  await changeAndInvalidate(deps, async (trx) => {
    // Shared with the writes that change the organization's trusts and roles (they lock it too),
    // so a trust deleted or changed since it was read is seen here, not acted on as it was.
    await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', trust.organization_id)
      .forShare()
      .execute()
    const current = await trx
      .selectFrom('oidc_trusts')
      .innerJoin('roles', 'roles.id', 'oidc_trusts.role_id')
      .select(['oidc_trusts.role_id', 'oidc_trusts.updated_at', 'roles.name as role_name'])
      .where('oidc_trusts.id', '=', trust.id)
      // Held to the commit: a change or deletion of the trust waits, or went first and is seen.
      .forShare()
      .executeTakeFirst()
    if (!current || current.updated_at.getTime() !== trust.updated_at.getTime())
      throw new ExchangeRefusal('no_trust', { trust: { id: trust.id, name: trust.name }, details: job })
    // The primary key (issuer, jti) decides between two processes presenting the same token at
    // once: the second insert waits for the first transaction and then finds the row.
    const fresh = await trx
      .insertInto('oidc_used_tokens')
      .values({ issuer: trust.issuer, jti: claims.jti, expires_at: new Date(claims.exp * 1000) })
      .onConflict((conflict) => conflict.columns(['issuer', 'jti']).doNothing())
      .returning('jti')
      .executeTakeFirst()
    if (!fresh)
      throw new ExchangeRefusal('replayed', {
        trust: { id: trust.id, name: trust.name },
        details: { issuer: trust.issuer, ...job },
      })
    const row = await trx
      .insertInto('api_tokens')
      .values({
        organization_id: trust.organization_id,
        name,
        description: describeJob(job),
        role_id: current.role_id,
        token_digest: digest,
        creator_type: 'oidc',
        creator_id: trust.id,
        creator_name: `trust ${trust.name}`,
        expires_at: expiresAt,
        origin: 'oidc',
        oidc_trust_id: trust.id,
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow()
    await recordExchangeAudit(trx, ctx, {
      organizationId: trust.organization_id,
      action: 'oidc.token_issued',
      trust: { id: trust.id, name: trust.name },
      actorName: job.sub ?? 'CI job',
      target: { type: 'api_token', id: row.id, name: row.name },
      details: {
        trust: trust.name,
        issuer: trust.issuer,
        ...job,
        role_name: current.role_name,
        expires_at: expiresAt.toISOString(),
      },
    })
    return { value: undefined, invalidate: [], issued: [digest.toString('hex')] }
  })
  return {
    access_token: token,
    issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    token_type: 'Token',
    expires_in: trust.token_lifetime_seconds,
  }
}

/**
 * `oidc:<trust>:<subject>:<6 random hex>`: where it came from, unique even for jobs of one branch
 * running at once (names are unique per organization), within the 255 characters of a name.
 */
export function tokenNameOf(trustName: string, subject: string): string {
  const suffix = randomBytes(3).toString('hex')
  const visible = (text: string) => text.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, '?')
  const head = `oidc:${visible(trustName)}:`
  const room = 255 - head.length - suffix.length - 1
  return `${head}${visible(subject).slice(0, Math.max(0, room))}:${suffix}`
}

function describeJob(job: Record<string, string>): string {
  const where = job.repository ?? job.project_path ?? job.sub ?? 'a CI job'
  const parts = [`Issued to ${where}`]
  if (job.ref) parts.push(`on ${job.ref}`)
  if (job.run_id) parts.push(`run ${job.run_id}`)
  if (job.pipeline_id) parts.push(`pipeline ${job.pipeline_id}`)
  if (job.job_id) parts.push(`job ${job.job_id}`)
  return parts.join(' ').slice(0, 1000)
}

interface ExchangeAudit {
  organizationId: string
  action: 'oidc.token_issued' | 'oidc.exchange_refused'
  trust: { id: string; name: string } | undefined
  actorName: string
  target: { type: string; id: string | null; name: string | null }
  details: Record<string, unknown>
}

/** The actor of an exchange is the CI job: its trust's id (nil when none matched) and its subject. */
async function recordExchangeAudit(
  db: Deps['db'],
  ctx: ExchangeContext,
  entry: ExchangeAudit,
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      organization_id: entry.organizationId,
      action: entry.action,
      target_type: entry.target.type,
      target_id: entry.target.id,
      target_name: entry.target.name,
      actor_type: 'oidc',
      actor_id: entry.trust?.id ?? NO_ORGANIZATION,
      actor_name: entry.actorName.slice(0, 255),
      origin: ctx.origin,
      ip: ctx.ip,
      user_agent: redactSecrets(ctx.userAgent.slice(0, 512)),
      details: JSON.stringify(entry.details),
    })
    .execute()
}

/**
 * Writes `oidc.exchange_refused` to the organization's trail, when the organization exists (an
 * unknown id has no trail to write to). For the admin: the reason, the issuer when allowed, and
 * the job's claims when the signature verified; never the token.
 */
export async function recordRefusal(
  deps: Deps,
  ctx: ExchangeContext,
  organizationId: string,
  refusal: ExchangeRefusal,
): Promise<void> {
  if (!refusal.audit) return
  const { trust, details } = refusal.audit
  const organization = await deps.db
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', organizationId)
    .executeTakeFirst()
  if (!organization) return
  await recordExchangeAudit(deps.db, ctx, {
    organizationId,
    action: 'oidc.exchange_refused',
    trust,
    actorName: typeof details.sub === 'string' ? details.sub : 'unverified ID token',
    target: { type: 'oidc_trust', id: trust?.id ?? null, name: trust?.name ?? null },
    details: { reason: refusal.why, ...details },
  })
}
