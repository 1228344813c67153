import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import type { GatehouseClient } from '../client/index.ts'
import { PACKAGE_ROOT } from '../package-root.ts'
import { type Credential, createApiClient, credentialFor } from './api-client.ts'
import { configPath, readConfig, type StoredConfig, writeConfig } from './config-store.ts'
import { CliError, usageError } from './errors.ts'

export const DEFAULT_API_URL = 'http://127.0.0.1:8080/api'

export const CLI_VERSION: string = JSON.parse(
  readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'),
).version

/** Everything a command needs to reach the server, worked out once per run. */
export interface CliContext {
  apiUrl: string
  config: StoredConfig
  /** The remembered organization, if it was chosen on this same server. */
  rememberedOrganization: StoredConfig['organization']
  /** GATEHOUSE_TOKEN, when it holds an organization API token. */
  usesApiToken: boolean
  anonymous(): GatehouseClient
  authenticated(): GatehouseClient
  updateConfig(change: (config: StoredConfig) => StoredConfig): void
}

/**
 * The server: --api-url, then GATEHOUSE_API_URL, then the one the last login used, then the
 * default. The stored session is only ever sent to the server that issued it.
 */
export function contextFor(command: Command, env: NodeJS.ProcessEnv = process.env): CliContext {
  const path = configPath(env)
  let config = readConfig(path)
  const flag = command.optsWithGlobals().apiUrl as string | undefined
  const apiUrl = normaliseApiUrl(
    flag ?? (env.GATEHOUSE_API_URL || undefined) ?? config.api_url ?? DEFAULT_API_URL,
  )
  const sameServer = config.api_url !== undefined && normaliseApiUrl(config.api_url) === apiUrl
  const envToken = env.GATEHOUSE_TOKEN?.trim() || undefined
  // The token `login --oidc` kept for the rest of a CI job, while it lives; GATEHOUSE_TOKEN first.
  const ciToken =
    sameServer && config.ci_token && Date.parse(config.ci_token.expires_at) > Date.now()
      ? config.ci_token.token
      : undefined
  const envCredential: Credential | undefined = envToken
    ? credentialFor(envToken, 'GATEHOUSE_TOKEN')
    : ciToken
      ? credentialFor(ciToken, 'the token from `gatehouse login --oidc`')
      : undefined
  const session = sameServer ? config.session : undefined
  const sessionLive = session !== undefined && Date.parse(session.expires_at) > Date.now()

  return {
    apiUrl,
    config,
    rememberedOrganization: sameServer ? config.organization : undefined,
    usesApiToken: envCredential?.scheme === 'Token',
    anonymous: () => createApiClient(apiUrl, CLI_VERSION),
    authenticated() {
      const credential: Credential | undefined =
        envCredential ?? (sessionLive && session ? { scheme: 'Bearer', value: session.token } : undefined)
      if (!credential) {
        const why = session && !sessionLive ? 'Your session has expired' : `Not signed in to ${apiUrl}`
        throw new CliError(`${why}: run \`gatehouse login\`, or set GATEHOUSE_TOKEN.`)
      }
      const whenRefused =
        credential !== envCredential
          ? 'Your session has ended: run `gatehouse login` again.'
          : envToken
            ? 'Check GATEHOUSE_TOKEN: the token may have been deleted.'
            : 'The token from `gatehouse login --oidc` was refused (expired or its trust deleted): run it again.'
      return createApiClient(apiUrl, CLI_VERSION, credential, { whenRefused })
    },
    updateConfig(change) {
      config = change(readConfig(path))
      writeConfig(path, config)
    },
  }
}

export function normaliseApiUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw usageError(`The API URL "${value}" is not a URL (expected like ${DEFAULT_API_URL}).`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usageError(`The API URL must start with http:// or https://, not ${url.protocol}`)
  if (url.username || url.password) throw usageError('The API URL must not carry a user name or password.')
  // A bare server address means its API: Gatehouse serves it under /api.
  if (url.pathname === '/') url.pathname = '/api'
  return url.href.replace(/\/+$/, '')
}
