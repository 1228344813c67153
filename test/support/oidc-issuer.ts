/**
 * A real OIDC issuer for tests, on loopback: discovery and JWKS served over HTTP, keys made by
 * jose, ID tokens shaped like GitHub Actions' and GitLab CI's (their real claim names). It can
 * rotate its keys, go down (500), hang, and change its Cache-Control, and counts the fetches.
 */
import { createHmac, randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose'

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>
export interface IssuerKey {
  kid: string
  alg: 'RS256' | 'ES256'
  pair: KeyPair
  jwk: JWK
}

export type IssuerMode = 'up' | 'down' | 'hang'

export interface TestIssuer {
  url: string
  /** The keys published now; the first signs by default. */
  keys: IssuerKey[]
  mode: IssuerMode
  cacheControl: string | undefined
  fetches: { discovery: number; jwks: number }
  /** Replaces the published keys by a new one (the old one is no longer published). */
  rotate(alg?: 'RS256' | 'ES256'): Promise<IssuerKey>
  /** A key of this issuer's kind that is not published. */
  unpublishedKey(alg?: 'RS256' | 'ES256'): Promise<IssuerKey>
  sign(claims: Record<string, unknown>, options?: SignOptions): Promise<string>
  close(): Promise<void>
}

export interface SignOptions {
  key?: IssuerKey
  kid?: string
  /** Seconds since the epoch the token is made at (default: now). */
  now?: number
}

export async function makeKey(alg: 'RS256' | 'ES256' = 'RS256'): Promise<IssuerKey> {
  const pair = await generateKeyPair(alg, { extractable: true })
  const kid = randomUUID()
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' }
  return { kid, alg, pair, jwk }
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const hanging = new Set<import('node:http').ServerResponse>()
  const issuer: TestIssuer = {
    url: '',
    keys: [await makeKey('RS256')],
    mode: 'up',
    cacheControl: undefined,
    fetches: { discovery: 0, jwks: 0 },
    async rotate(alg = 'RS256') {
      const key = await makeKey(alg)
      issuer.keys = [key]
      return key
    },
    unpublishedKey: (alg = 'RS256') => makeKey(alg),
    async sign(claims, options = {}) {
      const key = options.key ?? (issuer.keys[0] as IssuerKey)
      return new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' })
        .sign(key.pair.privateKey)
    },
    async close() {
      for (const response of hanging) response.destroy()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/'
    if (path === '/.well-known/openid-configuration') issuer.fetches.discovery++
    if (path === '/jwks') issuer.fetches.jwks++
    if (issuer.mode === 'hang') {
      hanging.add(response)
      return
    }
    if (issuer.mode === 'down') {
      response.writeHead(500).end('down')
      return
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (issuer.cacheControl) headers['cache-control'] = issuer.cacheControl
    if (path === '/.well-known/openid-configuration') {
      response.writeHead(200, headers).end(
        JSON.stringify({
          issuer: issuer.url,
          jwks_uri: `${issuer.url}/jwks`,
          id_token_signing_alg_values_supported: ['RS256', 'ES256'],
        }),
      )
    } else if (path === '/jwks') {
      response.writeHead(200, headers).end(JSON.stringify({ keys: issuer.keys.map((key) => key.jwk) }))
    } else response.writeHead(404).end()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  issuer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return issuer
}

const nowSeconds = () => Math.floor(Date.now() / 1000)

/** The claims of a GitHub Actions ID token (token.actions.githubusercontent.com's names). */
export function githubClaims(
  issuer: string,
  audience: string,
  job: { repository?: string; ref?: string; environment?: string; now?: number } = {},
): Record<string, unknown> {
  const repository = job.repository ?? 'acme/web'
  const ref = job.ref ?? 'refs/heads/main'
  const [owner] = repository.split('/')
  const now = job.now ?? nowSeconds()
  const runId = String(1_000_000 + Math.floor(Math.random() * 1_000_000))
  return {
    jti: randomUUID(),
    sub: job.environment
      ? `repo:${repository}:environment:${job.environment}`
      : `repo:${repository}:ref:${ref}`,
    aud: audience,
    ref,
    sha: 'd2f3c0a1e5b4c6d7e8f9a0b1c2d3e4f5a6b7c8d9',
    repository,
    repository_owner: owner,
    repository_owner_id: '1234567',
    repository_id: '7654321',
    repository_visibility: 'private',
    run_id: runId,
    run_number: '42',
    run_attempt: '1',
    actor: 'ada',
    actor_id: '1001',
    workflow: 'deploy',
    workflow_ref: `${repository}/.github/workflows/deploy.yml@${ref}`,
    job_workflow_ref: `${repository}/.github/workflows/deploy.yml@${ref}`,
    head_ref: '',
    base_ref: '',
    event_name: 'push',
    ref_type: 'branch',
    ref_protected: 'true',
    runner_environment: 'github-hosted',
    ...(job.environment ? { environment: job.environment } : {}),
    iss: issuer,
    nbf: now - 5,
    iat: now - 5,
    exp: now + 300,
  }
}

/** The claims of a GitLab CI ID token (gitlab.com's `id_tokens:` names). */
export function gitlabClaims(
  issuer: string,
  audience: string,
  job: { projectPath?: string; ref?: string; now?: number } = {},
): Record<string, unknown> {
  const projectPath = job.projectPath ?? 'acme/platform/api'
  const ref = job.ref ?? 'main'
  const now = job.now ?? nowSeconds()
  return {
    namespace_id: '72',
    namespace_path: projectPath.split('/').slice(0, -1).join('/'),
    project_id: '2048',
    project_path: projectPath,
    user_id: '17',
    user_login: 'ada',
    user_email: 'ada@example.test',
    user_access_level: 'maintainer',
    pipeline_id: String(500_000 + Math.floor(Math.random() * 100_000)),
    pipeline_source: 'push',
    job_id: String(900_000 + Math.floor(Math.random() * 100_000)),
    ref,
    ref_type: 'branch',
    ref_path: `refs/heads/${ref}`,
    ref_protected: 'true',
    environment: 'production',
    environment_protected: 'true',
    deployment_tier: 'production',
    runner_id: 12,
    runner_environment: 'gitlab-hosted',
    sha: '714a629c0b401fdce83e847fc9589983fc6f46bc',
    project_visibility: 'private',
    ci_config_ref_uri: `gitlab.com/${projectPath}//.gitlab-ci.yml@refs/heads/${ref}`,
    ci_config_sha: '714a629c0b401fdce83e847fc9589983fc6f46bc',
    jti: randomUUID(),
    iss: issuer,
    iat: now - 5,
    nbf: now - 10,
    exp: now + 300,
    sub: `project_path:${projectPath}:ref_type:branch:ref:${ref}`,
    aud: audience,
  }
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An unsecured JWT (`alg: none`), as an attacker would send one. */
export function unsignedToken(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`
}

/**
 * Algorithm confusion: an HS256 token whose HMAC secret is the issuer's public key (PEM), which a
 * verifier that lets the token choose its algorithm would accept.
 */
export async function hmacWithPublicKey(key: IssuerKey, claims: Record<string, unknown>): Promise<string> {
  const pem = await exportSPKI(key.pair.publicKey)
  const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${base64url(claims)}`
  const signature = createHmac('sha256', pem).update(signingInput).digest('base64url')
  return `${signingInput}.${signature}`
}
