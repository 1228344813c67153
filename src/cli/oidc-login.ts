import { ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT_TYPE } from '../contract/values.ts'
import type { CliContext } from './context.ts'
import { CliError, usageError } from './errors.ts'
import { stderr, stdout, withSpinner } from './output.ts'
import { missing } from './prompts.ts'

export interface OidcLoginOptions {
  org?: string
  audience?: string
  idTokenEnv?: string
  json?: boolean
  quiet?: boolean
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const RUNNER_TIMEOUT_MS = 30_000

/**
 * `gatehouse login --oidc`, inside a CI job: gets the job's OIDC ID token (from the GitHub Actions
 * runner, or from the variable GitLab CI put it in), exchanges it at POST /oidc/token, and prints
 * the API token (--quiet, --json) or keeps it in the config file for the next commands of the job
 * until it expires. No secret is stored in the CI system at all.
 */
export async function loginWithOidc(
  cli: CliContext,
  options: OidcLoginOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const organizationId = options.org ?? env.GATEHOUSE_ORG
  if (!organizationId) throw missing('--org', "the organization's id (or set GATEHOUSE_ORG)")
  if (!UUID.test(organizationId))
    throw usageError(
      'With --oidc, --org takes the organization id (a UUID): a CI job has no session to look names up with.',
    )
  const audience = options.audience ?? defaultAudience(cli.apiUrl)
  const idToken = await jobIdToken(options, audience, env)
  const answer = await withSpinner('Exchanging the ID token', options, () =>
    cli.anonymous().exchangeOidcToken({
      body: {
        grant_type: TOKEN_EXCHANGE_GRANT_TYPE,
        subject_token: idToken,
        subject_token_type: ID_TOKEN_TYPE,
        organization_id: organizationId,
        requested_token_type: ACCESS_TOKEN_TYPE,
      },
    }),
  )
  if (options.json) return stdout.json(answer)
  if (options.quiet) return stdout.line(answer.access_token)
  const expiresAt = new Date(Date.now() + answer.expires_in * 1000).toISOString()
  cli.updateConfig((config) => {
    const sameServer = config.api_url === cli.apiUrl
    const { ci_token: _previous, ...kept } = sameServer ? config : {}
    return {
      ...kept,
      api_url: cli.apiUrl,
      ci_token: { token: answer.access_token, expires_at: expiresAt, organization_id: organizationId },
    }
  })
  stderr.line(
    `Signed in with the job's ID token: the next gatehouse commands of this job use a token that expires in ${Math.round(answer.expires_in / 60)} min.`,
  )
}

/** What a trust expects by default: the server's public URL, which is the API URL without /api. */
export function defaultAudience(apiUrl: string): string {
  return apiUrl.replace(/\/api$/, '')
}

async function jobIdToken(
  options: OidcLoginOptions,
  audience: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  if (options.idTokenEnv) {
    const value = env[options.idTokenEnv]?.trim()
    if (!value)
      throw usageError(
        `${options.idTokenEnv} is not set: in GitLab CI, declare it under id_tokens: with aud: ${audience}.`,
      )
    return value
  }
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (requestUrl && requestToken) return githubIdToken(requestUrl, requestToken, audience)
  if (env.GITHUB_ACTIONS === 'true')
    throw new CliError(
      'This GitHub Actions job may not ask for an ID token: give it `permissions: id-token: write`.',
    )
  throw usageError(
    "No ID token to exchange: run in GitHub Actions (with permissions: id-token: write), or name the variable holding the job's ID token with --id-token-env (GitLab CI id_tokens:).",
  )
}

/** GitHub's runner hands out the job's ID token for an audience of our choosing. */
async function githubIdToken(requestUrl: string, requestToken: string, audience: string): Promise<string> {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    throw new CliError('ACTIONS_ID_TOKEN_REQUEST_URL is not a URL.')
  }
  url.searchParams.set('audience', audience)
  let response: Response
  try {
    response = await fetch(url, {
      headers: { authorization: `bearer ${requestToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(RUNNER_TIMEOUT_MS),
    })
  } catch (error) {
    throw new CliError(
      `Could not ask the GitHub Actions runner for the job's ID token: ${(error as Error).message}`,
    )
  }
  const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined
  if (!response.ok || typeof body?.value !== 'string')
    throw new CliError(`The GitHub Actions runner did not give the job's ID token (HTTP ${response.status}).`)
  return body.value
}
