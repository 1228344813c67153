import type { FastifyError, FastifyRequest } from 'fastify'
import { exchangeOidcToken as operation } from '../../../contract/index.ts'
import { GatehouseError } from '../../../core/errors.ts'
import { ExchangeRefusal, exchangeOidcToken, recordRefusal } from '../../../services/oidc-exchange.ts'
import { IssuerKeys } from '../../../services/oidc-keys.ts'
import { originOf } from '../../plugins/auth.ts'
import { sendProblem, toProblem } from '../../plugins/problems.ts'
import { registerOperation } from '../../route.ts'
import type { App } from '../../types.ts'

/**
 * POST /oidc/token, RFC 8693's token exchange. It lives in a plugin scope of its own, so that the
 * two things only a token endpoint does stay here: it reads form-encoded bodies (what OAuth
 * clients send; the rest of the API still answers 415 to a form), and its refusals are OAuth's
 * invalid_request / invalid_grant. The form parser is ten lines over URLSearchParams rather than
 * @fastify/formbody: no dependency, and a parameter given twice is refused, as RFC 6749 3.2 asks,
 * where formbody would pass an array on.
 */
export async function registerTokenExchange(app: App): Promise<void> {
  const keys = new IssuerKeys({ timeoutMs: app.deps.config.oidcFetchTimeoutMs, now: () => app.deps.now() })
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, parseForm)
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const problem = toProblem(error, request)
      if (problem.reason === 'internal') request.log.error({ err: error }, 'unhandled error')
      if (problem.reason === 'unsupported_media_type')
        problem.detail =
          'Send the body form-encoded (application/x-www-form-urlencoded) or as application/json.'
      const reason = problem.reason === 'invalid_input' ? 'invalid_request' : problem.reason
      return sendProblem(reply, reason, problem.detail, problem)
    })
    registerOperation(scope as App, operation, async (request, reply) => {
      const nowMs = app.deps.now().getTime()
      // A refusal counts as a failed authentication: guessing at trusts is stopped like guessing at tokens.
      const retryAfterSeconds = app.authLimiter.blockedFor(request.ip, nowMs)
      if (retryAfterSeconds !== undefined) {
        return sendProblem(
          reply,
          'rate_limited',
          'Too many refused exchanges from this address; retry later.',
          {
            retryAfterSeconds,
          },
        )
      }
      const ctx = {
        origin: originOf(request),
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      }
      const { organization_id: organizationId, subject_token: subjectToken } = request.body
      // RFC 6749 5.1: a token answer is never cached (the API's no-store is set for every answer).
      reply.header('pragma', 'no-cache')
      try {
        return await exchangeOidcToken(app.deps, keys, ctx, { organizationId, subjectToken })
      } catch (error) {
        if (!(error instanceof ExchangeRefusal)) throw error
        app.authLimiter.recordFailure(request.ip, nowMs)
        request.log.info({ reason: error.why }, 'token exchange refused')
        await recordRefusal(app.deps, ctx, organizationId, error).catch((failure: unknown) =>
          request.log.warn({ err: failure }, 'the refused exchange could not be written to the audit trail'),
        )
        throw error
      }
    })
  })
}

function parseForm(
  _request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, body?: unknown) => void,
) {
  // No prototype: a parameter named __proto__ is a parameter like any other.
  const form: Record<string, string> = Object.create(null)
  for (const [name, value] of new URLSearchParams(String(body))) {
    if (Object.hasOwn(form, name)) {
      done(
        new GatehouseError('invalid_request', `${name} is given more than once.`, {
          fieldErrors: [{ field: `body.${name}`, message: 'must be given once' }],
        }),
      )
      return
    }
    form[name] = value
  }
  done(null, form)
}
